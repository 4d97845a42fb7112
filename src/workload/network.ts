/**
 * A network: an ordered list of layers forming a DAG (each layer names the layers it reads), e.g. residual
 * and inception branches. Order is a valid topological order (checked by `validateNetwork`).
 */
import type { Layer } from './layer.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export interface Network {
  readonly name: string;
  /** Layers in topological order. */
  readonly layers: ReadonlyArray<Layer>;
  /** Where the description came from (paper / source file), shown in reports. */
  readonly source: string;
}

/** Why a network is not a valid DAG. */
export type NetworkError =
  | { readonly _tag: 'DuplicateLayer'; readonly name: string }
  | { readonly _tag: 'UnknownInput'; readonly layer: string; readonly input: string };

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** All structural errors: duplicate names, inputs that are not an earlier layer. Empty = valid. */
export const validateNetwork = (net: Network): ReadonlyArray<NetworkError> => {
  const seen = new Set<string>();
  const errors: NetworkError[] = [];
  for (const l of net.layers) {
    for (const i of l.inputs) if (!seen.has(i)) errors.push({ _tag: 'UnknownInput', layer: l.name, input: i });
    if (seen.has(l.name)) errors.push({ _tag: 'DuplicateLayer', name: l.name });
    seen.add(l.name);
  }
  return errors;
};

/**
 * Residency of a weights-resident accelerator: an on-chip backing store (levels[0] of kind `sram`) keeps the whole
 * network across inferences, so all MAC layers' weights must fit it at once — its weights partition, else its
 * capacity. Words per layer are packed at the layer's weight bits when `scaleAccessEnergyWithBits`, and
 * ⌈n · density⌉ when levels[0] stores weights compressed (metadata excluded, as every capacity check).
 *
 * @example the MNIST MLP (mnist-mlp: 784·256 + 2·256·256 + 256·10 = 334,336 weights) on 16-bit words with bit
 *   packing needs 334,336 words at 16-bit weights and 167,168 at 8 bits (two to a word).
 */
import { packing, type Arch } from '../arch/index.js';
import { isMacLayer, weightCount, type Network } from '../workload/index.js';

export interface Residency {
  /** Words all MAC layers' weights need together in levels[0]. */
  readonly words: number;
  /** What they must fit: the weights partition of levels[0] if it has one, else its capacity (words). */
  readonly capacityWords: number;
  readonly limitedBy: 'partition' | 'capacity';
  readonly fits: boolean;
}

/** The weight residency of `net` on `arch`; null for an off-chip (DRAM) backing store, which holds anything. */
export const weightResidency = (arch: Arch, net: Network): Residency | null => {
  const l0 = arch.levels[0];
  if (l0 === undefined || l0.kind === 'dram') return null;
  const partition = l0.partitionWords?.W ?? null;
  const capacityWords = partition ?? l0.capacityWords;
  const compressed = l0.formats.W.format !== 'uncompressed';
  let words = 0;
  for (const l of net.layers) {
    if (!isMacLayer(l)) continue;
    const n = weightCount(l);
    const stored = compressed ? Math.ceil(n * l.density.W) : n;
    const pk = arch.scaleAccessEnergyWithBits ? packing(l0.wordBits, l.bits.W) : { perWord: 1, wordsPer: 1 };
    words += Math.ceil(stored / pk.perWord) * pk.wordsPer;
  }
  return { words, capacityWords, limitedBy: partition !== null ? 'partition' : 'capacity', fits: words <= capacityWords };
};

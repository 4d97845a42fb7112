/**
 * Branded units. A number that is an energy, a cycle count, a bit width or an access count says so in its
 * type, so a pJ figure cannot be added to a cycle count by accident. Brands are erased at run time (they are
 * plain numbers), so hot loops pay nothing for them.
 */

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

declare const brand: unique symbol;
type Brand<A, B extends string> = A & { readonly [brand]: B };

/** Energy in picojoules, or in the normalized unit of a cost table (see `EnergyUnit`). */
export type Energy = Brand<number, 'Energy'>;
/** Clock cycles. */
export type Cycles = Brand<number, 'Cycles'>;
/** Bits. */
export type Bits = Brand<number, 'Bits'>;
/** A count of events (accesses, MACs). */
export type Count = Brand<number, 'Count'>;

/** The unit an energy figure is expressed in: picojoules, or "× one 16-bit MAC" (Eyeriss ISCA'16 Table IV). */
export type EnergyUnit = 'pJ' | 'MAC-normalized';

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

export const energy = (x: number): Energy => x as Energy;
export const cycles = (x: number): Cycles => x as Cycles;
export const bits = (x: number): Bits => x as Bits;
export const count = (x: number): Count => x as Count;

/**
 * Units. Quantities are plain numbers whose field and parameter names carry the unit (`wordBits`, `cycles`,
 * `energyPerWord`, `capacityWords`); an energy figure is in the unit of the cost table it was priced with,
 * named by `EnergyUnit` on every record that holds energies.
 */

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** The unit an energy figure is expressed in: picojoules, or "× one 16-bit MAC" (Eyeriss ISCA'16 Table IV). */
export type EnergyUnit = 'pJ' | 'MAC-normalized';

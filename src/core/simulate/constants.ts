/** Sizes and indices shared by the simulator modules (no imports: worker threads load this cheaply). */

/** Fields, in the order of FIELDS (src/schemas/domain.ts). */
export const F = 7;
/** Channels, in the order of CHANNELS: in_person, online, postal. */
export const C = 3;
export const IN_PERSON = 0;

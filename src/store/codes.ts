import { CHANNELS, type Channel, FIELDS, type Field } from '../schemas/domain.ts';

// Ids match the rows seeded by migration 001 (1-based positions in CHANNELS / FIELDS).
export const channelId = (c: Channel) => CHANNELS.indexOf(c) + 1;
export const fieldId = (f: Field) => FIELDS.indexOf(f) + 1;
export const channelOf = (id: number) => CHANNELS[id - 1]!;
export const fieldOf = (id: number) => FIELDS[id - 1]!;

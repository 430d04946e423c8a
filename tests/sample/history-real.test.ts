import { describe, it } from 'vitest';
import { DEFAULT_SEED } from '../../src/sample/dataset.ts';
import { generateHistory } from '../../src/sample/history.ts';
import { enrichUnits } from '../../src/sample/points.ts';
import { hasRealUnits, readRealUnits, sampleModels } from '../helpers/sample.ts';
import { collect, expectCalibrated } from './history-checks.ts';

describe.skipIf(!hasRealUnits)(
  'generateHistory on the real Hanoi units (shared/data/hanoi-units.csv)',
  () => {
    it('matches the Q3 2025 report and the shape asked for', () => {
      const models = sampleModels();
      const points = enrichUnits(readRealUnits(), { openingHours: models.openingHours });
      const rows = generateHistory({
        points,
        from: '2024-01-01',
        until: '2026-11-24',
        seed: DEFAULT_SEED,
        ...models,
      });
      expectCalibrated(collect(rows, points, models.calendar), points, models.calendar);
    });
  },
);

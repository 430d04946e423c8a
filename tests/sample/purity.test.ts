import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'sample');

describe('src/sample is pure', () => {
  it.each(readdirSync(dir).filter((f) => f.endsWith('.ts')))(
    '%s uses no I/O, clock, env or Math.random',
    (file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text).not.toMatch(/from ['"]node:/);
      expect(text).not.toMatch(/process\.env|Date\.now|Math\.random|new Date\(/);
      expect(text).not.toMatch(/from ['"]\.\.\/(store|cli|api|jobs|usecases)\//);
    },
  );
});

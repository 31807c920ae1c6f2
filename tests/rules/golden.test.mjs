// Golden cases for `renda tally` (spec/tally.md): each tests/rules/*.json
// holds {"input": ..., "expect": ...} — the decision, deep-equal — or
// {"input": ..., "expect_exit": 2, "expect_field": "seats"} for malformed input
// (exit 2, empty stdout, one stderr line naming the field). "input" may be a
// string, fed as is (for input that is not JSON). One test per file.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const bin = process.env.RENDA_BIN || join(root, 'build/asan/renda');
const dir = here;

function run(input) {
  const text = typeof input === 'string' ? input : JSON.stringify(input);
  return spawnSync(bin, ['tally'], { input: text, encoding: 'utf8' });
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const c = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  test(file.replace(/\.json$/, ''), () => {
    const r = run(c.input);
    assert.equal(r.error, undefined, `cannot run ${bin}: ${r.error}`);
    if (c.expect_exit !== undefined) {
      assert.equal(r.status, c.expect_exit, `exit status (stderr: ${r.stderr})`);
      assert.equal(r.stdout, '', 'stdout must be empty');
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, `one stderr line: ${r.stderr}`);
      assert.ok(lines[0].includes(c.expect_field), `stderr names ${c.expect_field}: ${r.stderr}`);
    } else {
      assert.equal(r.status, 0, `exit status (stderr: ${r.stderr})`);
      assert.deepEqual(JSON.parse(r.stdout), c.expect);
    }
  });
}

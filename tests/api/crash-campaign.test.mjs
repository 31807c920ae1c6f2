// The crash campaign in short (issue 9): four trials of
// tests/campaign/crash-campaign.mjs, one per workload (a vote storm, an
// election round, public submissions, suggestions), each SIGKILLed at a random point and
// checked after a restart. `make crash-campaign` runs the same script for
// 100 trials, outside `make check`.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'campaign', 'crash-campaign.mjs');

test('crash campaign, 4 trials: every acknowledged vote, ballot, public issue and suggestion survives SIGKILL', () => {
  const r = spawnSync(process.execPath, [script], {
    encoding: 'utf8',
    timeout: 120000,
    env: { ...process.env, TRIALS: '4', CAMPAIGN_KEEP: '0' },
  });
  const out = `${r.stdout}${r.stderr}`;
  assert.equal(r.status, 0, out);
  assert.match(out, /total: 4 trials, 4 passed, 0 failed/, out);
  for (const kind of ['vote', 'election', 'opinions', 'suggestions']) assert.match(out, new RegExp(`^trial .* ${kind} .* ok$`, 'm'), out);
});

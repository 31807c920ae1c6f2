// The web UI calls only endpoints the API documents: every api.get/post/…
// call and every EventSource in web/src names a method and path that
// docs/api/openapi.yaml declares. No browser needed; it lives next to the
// browser tests because it guards the same client.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const f = join(dir, name);
    if (statSync(f).isDirectory()) out.push(...files(f));
    else if (/\.(ts|vue)$/.test(name) && !name.endsWith('.d.ts')) out.push(f);
  }
  return out;
}

// "METHOD /path" for every path and method in the OpenAPI document. A plain
// reading of its layout (paths at two spaces, methods at four) is enough.
function documented() {
  const set = new Set();
  let path = null;
  let inPaths = false;
  for (const line of readFileSync(join(root, 'docs', 'api', 'openapi.yaml'), 'utf8').split('\n')) {
    if (/^\S/.test(line)) inPaths = line.startsWith('paths:');
    if (!inPaths) continue;
    let m = line.match(/^ {2}(\/\S*):\s*$/);
    if (m) path = m[1];
    m = line.match(/^ {4}(get|post|put|patch|delete):/);
    // Parameter names do not matter: /x/{id}/y/{delegate_id} is /x/{}/y/{}.
    if (m && path) set.add(`${m[1].toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`);
  }
  return set;
}

// "METHOD /path" for every call in the UI's source; template literals'
// ${…} parts become {}, the query string is dropped.
function used() {
  const out = [];
  const verbs = { get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', del: 'DELETE' };
  for (const f of files(join(root, 'web', 'src'))) {
    const src = readFileSync(f, 'utf8');
    const where = relative(root, f);
    for (const m of src.matchAll(/\bapi\s*\.(get|post|put|patch|del)\s*<[^>]*>\s*\(\s*['"`]([^'"`]+)['"`]/g)) {
      out.push({ call: `${verbs[m[1]]} ${m[2]}`, where });
    }
    // The event stream: every /api/ path in a file that opens an EventSource.
    if (/new EventSource\(/.test(src)) {
      for (const p of src.matchAll(/['"`](\/api\/[^'"`?$]*)/g)) out.push({ call: `GET ${p[1]}`, where });
    }
  }
  return out.map(({ call, where }) => ({ call: call.replace(/\$\{[^}]*\}/g, '{}').replace(/\?.*$/, ''), where }));
}

test('every endpoint the web UI calls is in docs/api/openapi.yaml', () => {
  const docs = documented();
  assert.ok(docs.size > 0, 'openapi.yaml lists paths');
  const calls = used();
  assert.ok(calls.length >= 7, `found the UI's calls: ${JSON.stringify(calls)}`);
  const missing = calls.filter(({ call }) => !docs.has(call));
  assert.deepEqual(missing, [], 'calls not in the OpenAPI document');
});

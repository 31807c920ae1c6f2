// The route table (src/api/routes.c) and the OpenAPI document agree:
// every route is documented with the same roles, and nothing else is.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function routesFromC() {
  const src = readFileSync(join(root, 'src/api/routes.c'), 'utf8');
  const defs = {};
  for (const m of src.matchAll(/#define (\w+)\s+\(?([A-Z_ |]+?)\)?[ \t]*\n/g)) defs[m[1]] = m[2].trim();
  const roleOf = (tok) => ({ ACCESS_PUBLIC: 'public', ACCESS_ANY_USER: 'any_user', ROLE_STAFF: 'staff',
    ROLE_PRESIDIUM: 'presidium', ROLE_DELEGATE: 'delegate', ROLE_HANDLING_UNIT: 'handling_unit', ROLE_AUDITOR: 'auditor' })[tok];
  const expand = (expr) => expr.split('|').map((t) => t.trim()).flatMap((t) => (defs[t] ? expand(defs[t]) : [roleOf(t)]));
  const routes = [];
  for (const m of src.matchAll(/\{"(GET|POST|PUT|DELETE)",\s*"([^"]+)",\s*(\w+),\s*([A-Z_ |]+),/g)) {
    const roles = expand(m[4]);
    assert.ok(roles.every(Boolean), `unknown access in ${m[0]}`);
    routes.push({ method: m[1].toLowerCase(), path: m[2].replace(/\{(\w+)(:str)?\}/g, '{$1}'), roles: roles.sort() });
  }
  return routes;
}

function routesFromOpenAPI() {
  const doc = readFileSync(join(root, 'docs/api/openapi.yaml'), 'utf8').split('\n');
  const out = [];
  let path = null;
  let method = null;
  for (const line of doc) {
    let m;
    if ((m = line.match(/^  (\/api\/\S+):\s*$/))) path = m[1];
    else if (path && (m = line.match(/^    (get|post|put|delete):\s*$/))) method = m[1];
    else if (path && method && (m = line.match(/^      x-roles: \[(.*)\]/))) {
      out.push({ method, path, roles: m[1].split(',').map((s) => s.trim()).sort() });
      method = null;
    }
  }
  return out;
}

test('every route is in the OpenAPI document with the same roles, and nothing more', () => {
  const key = (r) => `${r.method} ${r.path}`;
  const c = routesFromC();
  const o = routesFromOpenAPI();
  assert.ok(c.length >= 10, 'the route table was read');
  assert.deepEqual(o.map(key).sort(), c.map(key).sort());
  for (const r of c) assert.deepEqual(o.find((x) => key(x) === key(r)).roles, r.roles, key(r));
});

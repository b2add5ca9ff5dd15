import { parseFlow } from './flow.js';
import { naturalValue, resolvePlain, type SEntry, type SMap, type SNode, type SScalar, type SSeq } from './nodes.js';
import { repair, type Repair } from './repairs.js';
import { deepEqual, discriminators, isType, normalizeKey, typesOf, type JSONSchema, type JSONType } from './schema.js';

export type Coerced =
  | { ok: true; value: unknown }
  | { ok: false; error: string; discriminator?: boolean; missing?: boolean; range?: boolean };

const fail = (error: string, extra: { discriminator?: boolean; missing?: boolean; range?: boolean } = {}): Coerced => ({
  ok: false,
  error,
  ...extra,
});

const NULLISH_PLAIN = /^(?:~|null|none|nil|n\/a|na|undefined|-)?$/i;
const NULLISH_QUOTED = /^(?:|null|none|n\/a)$/i;

export function isNullish(n: SNode): boolean {
  if (n.k !== 'scalar') return false;
  const t = n.text.trim();
  return n.style === 'plain' ? NULLISH_PLAIN.test(t) : n.style === 'quoted' ? NULLISH_QUOTED.test(t) : false;
}

function allowsNull(s: JSONSchema): boolean {
  const t = typesOf(s);
  if (t?.includes('null')) return true;
  if (s.enum?.includes(null) || s.const === null) return true;
  const alts = s.oneOf ?? s.anyOf;
  return !!alts?.some(allowsNull);
}

const at = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

// coerce turns a parsed node into a value of the schema, recording every change it makes.
export function coerce(n: SNode, s: JSONSchema, path: string, reps: Repair[]): Coerced {
  if (s.oneOf || s.anyOf) return coerceAlt(n, s, path, reps);
  if (s.const !== undefined) return coerceEnum(n, [s.const], path, reps);
  const types = typesOf(s);
  if (n.k === 'scalar') {
    if (types?.includes('object') && n.style === 'quoted' && /^\s*\{/.test(n.text)) {
      const r = parseFlow(n.text, 0, []);
      if (r.node.k === 'map' && !r.incomplete) {
        reps.push(repair('json', { path, detail: 'object written as a string' }));
        return coerce(r.node, s, path, reps);
      }
    }
    if (types?.includes('array') && !types.includes('string')) return scalarToArray(n, s, path, reps);
    if (types?.includes('object') && !types.includes('string')) {
      if (isNullish(n)) return coerce({ k: 'map', entries: [] }, s, path, reps);
      if (n.style === 'plain' && /^["']?[A-Za-z_][\w-]*["']?\s*[:=]\s/.test(n.text)) {
        const r = parseFlow(`{${n.text}}`, 0, []);
        if (r.node.k === 'map' && !r.incomplete) {
          reps.push(repair('inline_map', { path, detail: 'key: value written on the parent line' }));
          return coerce(r.node, s, path, reps);
        }
      }
      const req = s.required ?? [];
      const only = req.length === 1 ? s.properties?.[req[0]!] : undefined;
      if (only && (typesOf(only)?.includes('string') ?? false) && n.text.trim() !== '') {
        reps.push(repair('args_inferred', { path, detail: `read the value as ${req[0]}` }));
        return coerce({ k: 'map', entries: [{ key: req[0]!, value: n }] }, s, path, reps);
      }
      return fail(`${path || 'value'}: expected an object, got ${JSON.stringify(n.text)}`);
    }
    let v: Coerced;
    if (!types) v = { ok: true, value: naturalValue(n) };
    else v = scalarAs(n, types, path, reps);
    if (!v.ok) return v;
    if (s.enum) return coerceEnum(n, s.enum, path, reps, v.value);
    return checkRange(v.value, s, path);
  }
  if (n.k === 'map') {
    if (types && !types.includes('object')) {
      if (types.includes('array') && n.entries.length > 0) {
        reps.push(repair('missing_dash', { path, detail: 'list items written without -' }));
        return coerceArray(mapToItems(n), s, path, reps);
      }
      return fail(`${path || 'value'}: expected ${types.join(' or ')}, got an object`);
    }
    return coerceObject(n, s, path, reps);
  }
  if (types && !types.includes('array') && types.includes('object') && n.items.length > 0 && n.items.every((i) => i.k === 'map')) {
    reps.push(repair('list_to_object', { path, detail: 'merged a list of key/value pairs' }));
    return coerceObject({ k: 'map', entries: n.items.flatMap((i) => (i as SMap).entries) }, s, path, reps);
  }
  if (types && !types.includes('array')) {
    if (n.items.length === 1 && n.items[0]!.k === 'scalar') {
      reps.push(repair('unwrap_array', { path }));
      return coerce(n.items[0]!, s, path, reps);
    }
    return fail(`${path || 'value'}: expected ${types.join(' or ')}, got a list`);
  }
  return coerceArray(n, s, path, reps);
}

// mapToItems splits `skill: a, args: ..., skill: b, args: ...` (items missing their dashes)
// into one map per item, starting a new item at each repeat of the first key.
function mapToItems(n: SMap): SSeq {
  const first = normalizeKey(n.entries[0]!.key);
  const items: SMap[] = [];
  for (const e of n.entries) {
    if (items.length === 0 || normalizeKey(e.key) === first) items.push({ k: 'map', entries: [] });
    items[items.length - 1]!.entries.push(e);
  }
  return { k: 'seq', items, ...(n.incomplete ? { incomplete: true } : {}) };
}

function checkRange(v: unknown, s: JSONSchema, path: string): Coerced {
  if (typeof v === 'number') {
    const bad =
      (s.minimum !== undefined && v < s.minimum) ||
      (s.maximum !== undefined && v > s.maximum) ||
      (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) ||
      (s.exclusiveMaximum !== undefined && v >= s.exclusiveMaximum);
    if (bad) {
      const lo = s.minimum ?? s.exclusiveMinimum;
      const hi = s.maximum ?? s.exclusiveMaximum;
      return fail(`${path}: ${v} is out of range${lo !== undefined || hi !== undefined ? ` (${lo ?? ''}..${hi ?? ''})` : ''}`, { range: true });
    }
  }
  return { ok: true, value: v };
}

function scalarAs(n: SScalar, types: JSONType[], path: string, reps: Repair[]): Coerced {
  const natural = naturalValue(n);
  if (n.style === 'plain' && types.some((t) => isType(natural, t))) {
    if (typeof natural !== 'string' || types.includes('string')) return { ok: true, value: natural };
  }
  for (const t of types) {
    const r = scalarAsType(n, t, path, reps);
    if (r.ok) return r;
  }
  return fail(`${path || 'value'}: expected ${types.join(' or ')}, got ${JSON.stringify(n.text)}`);
}

function scalarAsType(n: SScalar, t: JSONType, path: string, reps: Repair[]): Coerced {
  const text = n.text.trim();
  switch (t) {
    case 'string': {
      if (n.style === 'plain') {
        const nat = resolvePlain(n.text);
        if (typeof nat !== 'string') reps.push(repair('schema_type', { path, detail: `kept ${n.text} as a string` }));
      }
      return { ok: true, value: n.text };
    }
    case 'integer':
    case 'number': {
      let v: number | undefined;
      if (/^[-+]?\d+$/.test(text)) v = Number(text);
      else if (/^[-+]?\d{1,3}(?:,\d{3})+$/.test(text)) v = Number(text.replace(/,/g, ''));
      else if (/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(text)) v = Number(text);
      if (v === undefined || !Number.isFinite(v)) return fail(`${path}: expected a number, got ${JSON.stringify(n.text)}`);
      if (t === 'integer' && !Number.isInteger(v)) return fail(`${path}: expected an integer, got ${JSON.stringify(n.text)}`);
      if (n.style !== 'plain' || String(v) !== text) reps.push(repair('coerce_number', { path, detail: `${JSON.stringify(n.text)} → ${v}` }));
      return { ok: true, value: v };
    }
    case 'boolean': {
      const l = text.toLowerCase();
      let v: boolean | undefined;
      if (['true', 'yes', 'y', 'on', '1'].includes(l)) v = true;
      else if (['false', 'no', 'n', 'off', '0'].includes(l)) v = false;
      if (v === undefined) return fail(`${path}: expected a boolean, got ${JSON.stringify(n.text)}`);
      reps.push(repair('coerce_boolean', { path, detail: `${JSON.stringify(n.text)} → ${v}` }));
      return { ok: true, value: v };
    }
    case 'null':
      return isNullish(n) ? { ok: true, value: null } : fail(`${path}: expected null`);
    default:
      return fail(`${path}: expected ${t}`);
  }
}

function coerceEnum(n: SNode, values: unknown[], path: string, reps: Repair[], typed?: unknown): Coerced {
  const v = typed !== undefined ? typed : n.k === 'scalar' ? naturalValue(n) : undefined;
  for (const e of values) if (deepEqual(e, v)) return { ok: true, value: e };
  if (n.k === 'scalar') {
    for (const e of values) if (deepEqual(e, n.text)) return { ok: true, value: e };
    const nt = normalizeKey(n.text);
    for (const e of values) {
      if (typeof e === 'string' && normalizeKey(e) === nt) {
        reps.push(repair('enum_case', { path, detail: `${n.text} → ${e}` }));
        return { ok: true, value: e };
      }
    }
  }
  const shown = n.k === 'scalar' ? n.text : n.k === 'map' ? 'an object' : 'a list';
  return fail(`${path || 'value'}: ${JSON.stringify(shown)} is not one of ${values.map((x) => JSON.stringify(x)).join(', ')}`, {
    discriminator: true,
  });
}

function scalarToArray(n: SScalar, s: JSONSchema, path: string, reps: Repair[]): Coerced {
  if (isNullish(n)) {
    reps.push(repair('null_to_empty', { path }));
    return { ok: true, value: [] };
  }
  const items = s.items ?? {};
  const text = n.text.trim();
  if (/^\[.*\]$/s.test(text)) {
    const r = parseFlow(text, 0, []);
    if (r.node.k === 'seq' && !r.incomplete) {
      reps.push(repair('json', { path, detail: 'list written as a string' }));
      return coerce(r.node, s, path, reps);
    }
  }
  const itemTypes = typesOf(items);
  const stringy = !itemTypes || itemTypes.includes('string') || !!items.enum;
  if (stringy && /[,;]/.test(text) && n.style !== 'block') {
    const parts = text
      .split(text.includes(',') ? ',' : ';')
      .map((p) => p.trim().replace(/^(?:and|or)\s+/i, ''))
      .filter((p) => p !== '');
    reps.push(repair('comma_list', { path, detail: `split ${JSON.stringify(text)}` }));
    return coerceArray({ k: 'seq', items: parts.map((p) => ({ k: 'scalar', text: p, style: n.style })) }, s, path, reps);
  }
  reps.push(repair('wrap_array', { path }));
  return coerceArray({ k: 'seq', items: [n] }, s, path, reps);
}

function coerceArray(n: SSeq, s: JSONSchema, path: string, reps: Repair[]): Coerced {
  const items = s.items ?? {};
  const out: unknown[] = [];
  const unknown: string[] = [];
  for (let i = 0; i < n.items.length; i++) {
    const item = n.items[i]!;
    const last = i === n.items.length - 1;
    if (last && item.incomplete) {
      reps.push(repair('truncated', { path: at(path, i), ...(item.line ? { line: item.line } : {}), detail: 'dropped the incomplete last item' }));
      continue;
    }
    const sub: Repair[] = [];
    const r = coerce(item, items, at(path, i), sub);
    if (!r.ok) {
      if (r.discriminator) {
        reps.push(repair('unknown_skill', { path: at(path, i), detail: r.error }));
        unknown.push(r.error);
        continue;
      }
      if (last && n.open && ((item.k === 'map' && item.entries.length === 1 && r.missing) || (item.k === 'scalar' && n.items.some((x) => x.k === 'map')))) {
        reps.push(repair('truncated', { path: at(path, i), detail: 'dropped the unfinished last item' }));
        continue;
      }
      return r;
    }
    reps.push(...sub);
    out.push(r.value);
  }
  if (out.length === 0 && unknown.length > 0) {
    return fail(`no call names a known skill (${unknown.join('; ')})`);
  }
  return { ok: true, value: out };
}

function lookupProp(props: Record<string, JSONSchema>, key: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(props, key)) return key;
  const nk = normalizeKey(key);
  for (const p of Object.keys(props)) if (normalizeKey(p) === nk) return p;
  return undefined;
}

const SYNONYMS: Record<string, string[]> = {
  args: ['arguments', 'params', 'parameters', 'input', 'inputs', 'argument'],
  skill: ['tool', 'skillname', 'function', 'toolname', 'action', 'name'],
};

function coerceObject(n: SMap, s: JSONSchema, path: string, reps: Repair[]): Coerced {
  const props = s.properties ?? {};
  const required = s.required ?? [];
  const lastIdx = new Map<string, number>();
  n.entries.forEach((e, i) => lastIdx.set(lookupProp(props, e.key) ?? e.key, i));
  const out: Record<string, unknown> = {};
  const unknown: SEntry[] = [];
  const nulled = new Set<string>();
  for (let i = 0; i < n.entries.length; i++) {
    const e = n.entries[i]!;
    const pk = lookupProp(props, e.key);
    if (lastIdx.get(pk ?? e.key) !== i) {
      reps.push(repair('duplicate_key', { path: at(path, e.key), ...(e.line ? { line: e.line } : {}), detail: 'the last value wins' }));
      continue;
    }
    if (pk === undefined) {
      unknown.push(e);
      continue;
    }
    if (pk !== e.key) reps.push(repair('key_alias', { path: at(path, pk), detail: `${e.key} → ${pk}` }));
    const ps = props[pk]!;
    if (isNullish(e.value) && !allowsNull(ps)) {
      if (!required.includes(pk)) {
        reps.push(repair('null_dropped', { path: at(path, pk), detail: JSON.stringify(e.value.k === 'scalar' ? e.value.text : '') }));
        continue;
      }
      nulled.add(pk);
      continue;
    }
    const r = coerce(e.value, ps, at(path, pk), reps);
    if (!r.ok) {
      if (required.includes(pk)) return ps.enum || ps.const !== undefined ? r : { ...r, discriminator: false };
      reps.push(repair(r.range ? 'out_of_range' : 'invalid_dropped', { path: at(path, pk), detail: r.error }));
      continue;
    }
    out[pk] = r.value;
  }
  for (const [k, ps] of Object.entries(props)) {
    if (k in out || !required.includes(k)) continue;
    const syn = SYNONYMS[k];
    const synIdx = syn ? unknown.findIndex((u) => syn.includes(normalizeKey(u.key))) : -1;
    if (synIdx >= 0) {
      const u = unknown.splice(synIdx, 1)[0]!;
      const r = isNullish(u.value) ? coerce({ k: 'map', entries: [] }, ps, at(path, k), reps) : coerce(u.value, ps, at(path, k), reps);
      if (!r.ok) return r;
      reps.push(repair('key_alias', { path: at(path, k), detail: `${u.key} → ${k}` }));
      out[k] = r.value;
      continue;
    }
    const nk = normalizeKey(k);
    const similar = unknown.filter((u) => {
      const nu = normalizeKey(u.key);
      return nu.length > 0 && (nk.includes(nu) || nu.includes(nk) || (nu.length <= 2 && nk.startsWith(nu)));
    });
    if (similar.length === 1) {
      const u = similar[0]!;
      const sub: Repair[] = [];
      const r = coerce(u.value, ps, at(path, k), sub);
      if (r.ok) {
        unknown.splice(unknown.indexOf(u), 1);
        reps.push(repair('key_inferred', { path: at(path, k), detail: `${u.key} → ${k}` }), ...sub);
        out[k] = r.value;
        continue;
      }
    }
    const pt = typesOf(ps);
    if ((pt?.includes('object') || ps.properties) && unknown.length > 0) {
      const sub: Repair[] = [];
      const r = coerce({ k: 'map', entries: unknown.slice() }, ps, at(path, k), sub);
      if (r.ok) {
        unknown.length = 0;
        reps.push(repair('args_inferred', { path: at(path, k), detail: `moved stray keys under ${k}` }), ...sub);
        out[k] = r.value;
        continue;
      }
    }
    if (ps.default !== undefined) {
      reps.push(repair('default', { path: at(path, k) }));
      out[k] = structuredClone(ps.default);
      continue;
    }
    if (nulled.has(k) && (pt?.includes('object') || pt?.includes('array'))) {
      reps.push(repair('null_to_empty', { path: at(path, k) }));
      const r = coerce(pt.includes('object') ? { k: 'map', entries: [] } : { k: 'seq', items: [] }, ps, at(path, k), reps);
      if (!r.ok) return r;
      out[k] = r.value;
      continue;
    }
    return fail(`${path ? path + ': ' : ''}missing required ${JSON.stringify(k)}${nulled.has(k) ? ' (it was empty)' : ''}`, {
      missing: true,
    });
  }
  for (const u of unknown) {
    if (s.additionalProperties === false) {
      reps.push(repair('unknown_key', { path: at(path, u.key), detail: `dropped ${u.key}` }));
      continue;
    }
    const as = typeof s.additionalProperties === 'object' ? s.additionalProperties : {};
    const r = coerce(u.value, as, at(path, u.key), reps);
    if (!r.ok) return r;
    out[u.key] = r.value;
  }
  return { ok: true, value: out };
}

function coerceAlt(n: SNode, s: JSONSchema, path: string, reps: Repair[]): Coerced {
  const branches = (s.oneOf ?? s.anyOf)!;
  let candidates = branches;
  let discriminated = false;
  if (n.k === 'map') n = nameAsKey(n, branches, path, reps);
  if (n.k === 'map') {
    candidates = branches.filter((b) => {
      const props = b.properties ?? {};
      return discriminators(b).every(([k, v]) => {
        const e = findEntry(n, props, k);
        if (!e) return true;
        discriminated = true;
        return e.value.k === 'scalar' && normalizeKey(e.value.text) === normalizeKey(String(v));
      });
    });
    if (candidates.length === 0 && discriminated) {
      const names = branches.flatMap((b) => discriminators(b).map(([, v]) => String(v)));
      const d = discriminators(branches[0]!)[0];
      const e = d ? findEntry(n, branches[0]!.properties ?? {}, d[0]) : undefined;
      const shown = e && e.value.k === 'scalar' ? e.value.text : '?';
      return fail(`unknown ${d ? d[0] : 'kind'} ${JSON.stringify(shown)} (known: ${names.join(', ')})`, { discriminator: true });
    }
  }
  let best: { value: unknown; sub: Repair[] } | undefined;
  let firstErr: Coerced | undefined;
  for (const b of candidates) {
    const sub: Repair[] = [];
    const merged: JSONSchema = { ...s, ...b };
    delete merged.oneOf;
    delete merged.anyOf;
    if (b.oneOf || b.anyOf) Object.assign(merged, { oneOf: b.oneOf, anyOf: b.anyOf });
    const r = coerce(n, merged, path, sub);
    if (r.ok) {
      if (!best || sub.length < best.sub.length) best = { value: r.value, sub };
      if (sub.length === 0) break;
    } else firstErr ??= r;
  }
  if (best) {
    reps.push(...best.sub);
    return { ok: true, value: best.value };
  }
  return firstErr ?? fail(`${path || 'value'}: matches none of the alternatives`);
}

// nameAsKey reads `- company_profile: {company: Acme}` as `- skill: company_profile, args: {...}`.
function nameAsKey(n: SMap, branches: JSONSchema[], path: string, reps: Repair[]): SMap {
  if (n.entries.length !== 1) return n;
  const e = n.entries[0]!;
  for (const b of branches) {
    const props = b.properties ?? {};
    for (const [dk, dv] of discriminators(b)) {
      if (findEntry(n, props, dk) || typeof dv !== 'string' || normalizeKey(dv) !== normalizeKey(e.key)) continue;
      const objProp = Object.entries(props).find(([k, p]) => k !== dk && (typesOf(p)?.includes('object') || p.properties));
      const entries: SEntry[] = [{ key: dk, value: { k: 'scalar', text: dv, style: 'plain' } }];
      if (objProp && !isNullish(e.value)) entries.push({ key: objProp[0], value: e.value });
      reps.push(repair('name_as_key', { path, detail: `${e.key}: read as ${dk}: ${dv}` }));
      return { ...n, entries };
    }
  }
  return n;
}

function findEntry(n: SMap, props: Record<string, JSONSchema>, key: string): SEntry | undefined {
  const direct = [...n.entries].reverse().find((e) => lookupProp(props, e.key) === key);
  if (direct) return direct;
  const syn = SYNONYMS[key];
  if (!syn) return undefined;
  return [...n.entries].reverse().find((e) => syn.includes(normalizeKey(e.key)) && lookupProp(props, e.key) === undefined);
}

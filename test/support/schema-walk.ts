import type * as z from 'zod';
import type { NamedRoute } from '../../lib/api/route';

/** The parts of a zod 4 definition this walk follows; the rest of a definition is irrelevant here. */
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: readonly z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  items?: readonly z.ZodType[];
  rest?: z.ZodType | null;
  getter?: () => z.ZodType;
}

/** Every string schema a request part can reach, with where it sits (`ancestors` stops a recursive schema). */
export function stringLeaves(schema: z.ZodType, where: string, ancestors: ReadonlySet<z.ZodType> = new Set()): Array<[string, z.ZodType]> {
  if (ancestors.has(schema)) return [];
  const def = schema.def as unknown as Def;
  if (def.type === 'string') return [[where, schema]];
  const children: Array<[string, z.ZodType | null | undefined]> = [
    ...Object.entries(def.shape ?? {}).map(([key, child]): [string, z.ZodType] => [`${where}.${key}`, child]),
    [where, def.innerType],
    [where, def.in],
    [where, def.out],
    [`${where}[]`, def.element],
    ...(def.options ?? []).map((option): [string, z.ZodType] => [where, option]),
    [where, def.left],
    [where, def.right],
    [`${where}{key}`, def.keyType],
    [`${where}{}`, def.valueType],
    ...(def.items ?? []).map((item, i): [string, z.ZodType] => [`${where}[${i}]`, item]),
    [`${where}[]`, def.rest],
    [where, def.getter?.()],
  ];
  const inside = new Set([...ancestors, schema]);
  return children.flatMap(([path, child]) => (child ? stringLeaves(child, path, inside) : []));
}

const PARTS = ['path', 'query', 'headers', 'body'] as const;

/** Every string a request of any route can carry: `where` is the part and the path in it, e.g. `body.childView.words`. */
export function requestStrings(routes: readonly NamedRoute[]): Array<{ operationId: string; where: string; schema: z.ZodType }> {
  return routes.flatMap((route) =>
    PARTS.flatMap((part) => {
      const schema = route.request[part] as z.ZodType | undefined;
      return schema ? stringLeaves(schema, part).map(([where, leaf]) => ({ operationId: route.operationId, where, schema: leaf })) : [];
    }),
  );
}

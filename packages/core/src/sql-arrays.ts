import { type SQL, type SQLWrapper, sql } from "drizzle-orm";

/**
 * A PostgreSQL array literal of any strings, to pass as one parameter: binding one parameter
 * per value costs more than the lookup it feeds, and every value is one more node for the
 * query builder to walk.
 */
export const arrayLiteral = (values: readonly string[]): string =>
  `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;

/** `column = any(values)`, the values as one array parameter of `type`. */
export const anyOf = (column: SQLWrapper, values: readonly string[], type: "text" | "uuid" = "text"): SQL =>
  sql`${column} = any(${arrayLiteral(values)}::${sql.raw(type)}[])`;

/**
 * DuckDB results in the Redshift Data API's shapes: typed fields
 * (`{ stringValue } | { longValue } | { doubleValue } | { booleanValue } | { isNull }`)
 * and `ColumnMetadata` with Redshift type names (`int4`, `varchar`, `numeric`, …).
 * Decimals, dates and timestamps come back as text, as the Data API returns them.
 * @see https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_Field.html
 */
import { DuckDBTypeId, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';

/** One value of a result row, in the Data API's typed format. */
export type RedshiftField =
  | { readonly isNull: true }
  | { readonly booleanValue: boolean }
  | { readonly longValue: number }
  | { readonly doubleValue: number }
  | { readonly stringValue: string };

/** A result column, as the Data API describes it. */
export interface RedshiftColumnMetadata {
  readonly name: string;
  readonly label: string;
  /** Redshift type name, e.g. `int4`, `varchar`, `numeric`, `timestamp`. */
  readonly typeName: string;
  /** 0 not nullable, 1 nullable, 2 unknown. */
  readonly nullable: number;
  readonly isCaseSensitive: boolean;
  readonly isCurrency: boolean;
  readonly isSigned: boolean;
  readonly precision: number;
  readonly scale: number;
  readonly length: number;
  readonly schemaName: string;
  readonly tableName: string;
}

interface TypeInfo {
  readonly typeName: string;
  readonly field: 'long' | 'double' | 'boolean' | 'string';
  readonly precision: number;
  readonly scale: number;
  readonly signed: boolean;
}

function typeInfo(type: DuckDBType): TypeInfo {
  const num = (typeName: string, precision: number): TypeInfo => ({ typeName, field: 'long', precision, scale: 0, signed: true });
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return { typeName: 'bool', field: 'boolean', precision: 1, scale: 0, signed: false };
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.UTINYINT:
      return num('int2', 5);
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.USMALLINT:
      return num('int4', 10);
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UINTEGER:
      return num('int8', 19);
    case DuckDBTypeId.FLOAT:
      return { typeName: 'float4', field: 'double', precision: 8, scale: 8, signed: true };
    case DuckDBTypeId.DOUBLE:
      return { typeName: 'float8', field: 'double', precision: 17, scale: 17, signed: true };
    case DuckDBTypeId.DECIMAL: {
      const m = /DECIMAL\((\d+),\s*(\d+)\)/.exec(type.toString());
      return { typeName: 'numeric', field: 'string', precision: Number(m?.[1] ?? 18), scale: Number(m?.[2] ?? 3), signed: true };
    }
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return { typeName: 'numeric', field: 'string', precision: 38, scale: 0, signed: true };
    case DuckDBTypeId.DATE:
      return { typeName: 'date', field: 'string', precision: 13, scale: 0, signed: false };
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return { typeName: 'timestamp', field: 'string', precision: 29, scale: 6, signed: false };
    case DuckDBTypeId.TIMESTAMP_TZ:
      return { typeName: 'timestamptz', field: 'string', precision: 35, scale: 6, signed: false };
    case DuckDBTypeId.TIME:
      return { typeName: 'time', field: 'string', precision: 15, scale: 6, signed: false };
    case DuckDBTypeId.TIME_TZ:
      return { typeName: 'timetz', field: 'string', precision: 21, scale: 6, signed: false };
    default:
      return { typeName: 'varchar', field: 'string', precision: 65535, scale: 0, signed: false };
  }
}

/** Column metadata for a result's columns. @internal */
export function columnMetadata(names: readonly string[], types: readonly DuckDBType[]): RedshiftColumnMetadata[] {
  return names.map((name, i) => {
    const info = typeInfo(types[i]!);
    return {
      name,
      label: name,
      typeName: info.typeName,
      nullable: 1,
      isCaseSensitive: info.typeName === 'varchar',
      isCurrency: false,
      isSigned: info.signed,
      precision: info.precision,
      scale: info.scale,
      length: 0,
      schemaName: '',
      tableName: '',
    };
  });
}

/** Converts one DuckDB value to a Data API field. @internal */
export function toField(value: DuckDBValue, type: DuckDBType): RedshiftField {
  if (value === null) return { isNull: true };
  const info = typeInfo(type);
  switch (info.field) {
    case 'boolean':
      return { booleanValue: value === true };
    case 'long':
      return { longValue: typeof value === 'bigint' ? Number(value) : Number(value) };
    case 'double':
      return { doubleValue: Number(value) };
    case 'string':
      return { stringValue: typeof value === 'string' ? value : String(value) };
  }
}

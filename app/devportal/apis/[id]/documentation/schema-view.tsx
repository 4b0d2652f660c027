import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";

type Schema = Record<string, any> | null | undefined;

function typeOf(schema: Schema): string {
  if (!schema) return "any";
  if (schema.type === "array") return `array of ${typeOf(schema.items)}`;
  if (schema.enum) return `one of ${schema.enum.map((v: unknown) => JSON.stringify(v)).join(", ")}`;
  if (Array.isArray(schema.type)) return schema.type.join(" or ");
  if (schema.oneOf) return schema.oneOf.map(typeOf).join(" or ");
  return schema.type ?? (schema.properties ? "object" : "any");
}

/** A JSON Schema as a person reads it: each property with its type, whether required, and its description. */
export function SchemaView({ schema, depth = 0 }: { schema: Schema; depth?: number }) {
  const properties: Record<string, Schema> = schema?.properties ?? schema?.items?.properties ?? {};
  const required: string[] = schema?.required ?? schema?.items?.required ?? [];
  const names = Object.keys(properties);
  if (names.length === 0) {
    return (
      <Typography variant="body2">
        <code>{typeOf(schema)}</code>
        {schema?.description ? ` — ${schema.description}` : ""}
        {schema?.format ? ` (${schema.format})` : ""}
      </Typography>
    );
  }
  return (
    <Box sx={{ pl: depth ? 2 : 0, borderLeft: depth ? 2 : 0, borderColor: "divider" }}>
      {depth === 0 && (
        <Typography variant="body2" sx={{ mb: 0.5 }}>
          <code>{typeOf(schema)}</code>
        </Typography>
      )}
      {names.map((name) => (
        <Box key={name} sx={{ py: 0.5 }}>
          <Typography variant="body2">
            <code style={{ fontWeight: 700 }}>{name}</code> <code>{typeOf(properties[name])}</code>
            {required.includes(name) && (
              <Typography component="span" variant="caption" color="error" sx={{ ml: 1 }}>
                required
              </Typography>
            )}
            {properties[name]?.description ? ` — ${properties[name]!.description}` : ""}
          </Typography>
          {(properties[name]?.properties || properties[name]?.items?.properties) && <SchemaView schema={properties[name]} depth={depth + 1} />}
        </Box>
      ))}
    </Box>
  );
}

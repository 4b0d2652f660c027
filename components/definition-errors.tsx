import Alert from "@mui/material/Alert";
import List from "@mui/material/List";
import ListItem from "@mui/material/ListItem";
import ListItemText from "@mui/material/ListItemText";
import type { DefinitionError } from "@/lib/asyncapi";

/** Why an AsyncAPI definition was refused: the parser's findings with their lines. */
export function DefinitionErrors({ message, errors }: { message: string; errors: DefinitionError[] }) {
  return (
    <Alert severity="error">
      {message}
      {errors.length > 0 && (
        <List dense disablePadding aria-label="Definition errors">
          {errors.map((e, i) => (
            <ListItem key={i} disableGutters>
              <ListItemText primary={`${e.line ? `Line ${e.line}: ` : ""}${e.message}`} secondary={e.path || undefined} />
            </ListItem>
          ))}
        </List>
      )}
    </Alert>
  );
}

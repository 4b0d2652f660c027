"use client";
import Autocomplete from "@mui/material/Autocomplete";
import Chip from "@mui/material/Chip";
import TextField from "@mui/material/TextField";
import { useState } from "react";

/** Free-typed tags: Enter, a comma or leaving the field adds the tag being typed. */
export function TagsField({ value, onChange, error, suggestions = [] }: { value: string[]; onChange: (tags: string[]) => void; error?: string; suggestions?: string[] }) {
  const [typing, setTyping] = useState("");
  const add = (tags: string[]) => onChange([...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))]);
  return (
    <Autocomplete
      multiple
      freeSolo
      autoSelect
      options={suggestions.filter((s) => !value.includes(s))}
      value={value}
      onChange={(_e, tags) => add(tags)}
      inputValue={typing}
      onInputChange={(_e, text, reason) => {
        if (reason === "input" && text.endsWith(",")) {
          add([...value, text.slice(0, -1)]);
          setTyping("");
        } else setTyping(text);
      }}
      renderValue={(tags, getItemProps) => tags.map((tag, index) => {
        const { key, ...itemProps } = getItemProps({ index });
        return <Chip key={key} size="small" label={tag} {...itemProps} />;
      })}
      renderInput={(params) => (
        <TextField
          {...params}
          label="Tags"
          error={!!error}
          helperText={error ?? "Words developers can find the API by, such as chat or market-data. Press Enter after each."}
        />
      )}
    />
  );
}

import { describe, expect, it } from "vitest";
import { passwordWeakness } from "./password-strength";

describe("passwordWeakness", () => {
  it("refuses common passwords, keyboard walks and the user's own name, saying why", () => {
    expect(passwordWeakness("password1")).toMatch(/commonly used password/);
    expect(passwordWeakness("qwertyuiop")).toMatch(/frequently used password/);
    expect(passwordWeakness("ada.lovelace", ["ada.lovelace"])).not.toBeNull();
  });

  it("accepts a passphrase and a long random string", () => {
    expect(passwordWeakness("correct horse battery staple")).toBeNull();
    expect(passwordWeakness("Vq7-xT2p-9LmR")).toBeNull();
  });
});

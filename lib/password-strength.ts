// How guessable a new password is, by zxcvbn (dictionaries of common passwords, names and
// words, keyboard patterns, dates, l33t substitutions), not by character-class rules.
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";

/** zxcvbn's scores run 0–4; 3 is "safely unguessable: moderate protection from an offline slow-hash attack". */
export const minimumPasswordScore = 3;

// Building the dictionaries takes about half a second: once per process, on first use.
let factory: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  return (factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  }));
}

/** Why the password is too easy to guess (zxcvbn's warning and a suggestion), or null when it is strong enough. */
export function passwordWeakness(password: string, personal: string[] = []): string | null {
  // zxcvbn's cost grows with length; a password this long is past guessing anyway.
  const result = zxcvbn().check(password.slice(0, 100), personal.filter(Boolean));
  if (result.score >= minimumPasswordScore) return null;
  const why = result.feedback.warning ?? "This password is easy to guess.";
  const suggestion = result.feedback.suggestions[0] ?? "Add another word or two.";
  return `${why} ${suggestion}`;
}

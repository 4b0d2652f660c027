"use client";
// This request's Content-Security-Policy nonce (proxy.ts), for client code that writes its own
// style elements outside emotion, such as CodeMirror (EditorView.cspNonce).
import { createContext, useContext } from "react";

const CspNonce = createContext<string | undefined>(undefined);

export const CspNonceProvider = CspNonce.Provider;

export function useCspNonce(): string | undefined {
  return useContext(CspNonce);
}

// Types for Qraph's operations, generated from the committed ../../schema.graphql (never from a
// running server), so a schema change that breaks this client fails `make client-check`.
import type { CodegenConfig } from "@graphql-codegen/cli";

// Custom scalars travel as JSON strings: `DateTime` is ISO 8601 with its offset
// ("2026-01-02T03:04:05.678901+00:00"), `Date` is "2026-01-02", and `Decimal` is a decimal
// string ("0.0125") so that money never passes through a binary float. `JSON` (an app version's
// input schema, inputs and constraints) is any JSON value. `strictScalars` makes a new scalar in
// the schema a codegen error until it is mapped here.
const scalars = {
  Date: "string",
  DateTime: "string",
  Decimal: "string",
  JSON: "unknown",
};

const config: CodegenConfig = {
  schema: "../../schema.graphql",
  documents: ["src/**/*.ts", "!src/gql/**/*"],
  ignoreNoDocuments: false,
  generates: {
    // The client preset: a typed `graphql()` function and a TypedDocumentNode per operation.
    "src/gql/": {
      preset: "client",
      presetConfig: {
        fragmentMasking: false,
        // src/gql/persisted-documents.json: sha256 hash -> document, the manifest a server's
        // allow-list (trusted documents) or an APQ cache can be loaded from. Each document also
        // carries its hash (`__meta__.hash`), so a client may send the hash instead of the text.
        persistedDocuments: { mode: "embedHashInDocument", hashAlgorithm: "sha256" },
      },
      config: {
        scalars,
        strictScalars: true,
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: false,
        nonOptionalTypename: true,
      },
    },
    // Apollo Client's `possibleTypes`: without it, `... on Error { code message }` on a union
    // result matches nothing and comes back empty.
    "src/gql/possible-types.ts": {
      plugins: ["fragment-matcher"],
      config: { apolloClientVersion: 3, useExplicitTyping: true },
    },
  },
};

export default config;

// The reference clients from npm against a running Qraph: graphql-ws, graphql-sse and Apollo
// Client 4 (HttpLink with automatic persisted queries, multipart subscriptions, GraphQLWsLink).
// Driven by tests/e2e/test_reference_clients.py, which starts the server and a worker.
//
// Usage: node reference.mjs <scenario>
//   env QRAPH_HTTP (http://host:port/graphql), QRAPH_WS (ws://host:port/graphql),
//   QRAPH_AUTH ("Bearer ...": the credential every client sends in its own way).
// Prints one JSON line: what the scenario saw. Exits 1 with {"error": ...} when it failed.
import { createHash } from "node:crypto";

import {
  ApolloClient,
  ApolloLink,
  HttpLink,
  InMemoryCache,
  gql,
} from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { createClient as createSseClient } from "graphql-sse";
import { createClient as createWsClient } from "graphql-ws";
import { lastValueFrom, toArray } from "rxjs";
import WebSocket from "ws";

const HTTP = process.env.QRAPH_HTTP;
const WS = process.env.QRAPH_WS;
const AUTH = process.env.QRAPH_AUTH;
const TIMEOUT_MS = 60_000;

const BELL = `OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
h q[0];
cx q[0], q[1];
c = measure q;
`;
const SUBMIT = `mutation Submit($input: SubmitJobInput!) {
  submitJob(input: $input) {
    __typename
    ... on SubmitJobSuccess { job { id status } }
    ... on Error { code message }
  }
}`;
const FOLLOW = `subscription Follow($id: ID!) { jobUpdated(id: $id) { id status } }`;
const BACKENDS = `query Backends($first: Int!) {
  backends(first: $first) { totalCount edges { node { id name } } pageInfo { hasNextPage } }
}`;
const POSSIBLE_TYPES = `{ __schema { types { kind name possibleTypes { name } } } }`;
const submission = (name, circuit = BELL) => ({
  input: { backend: "aer_simulator", circuit, name },
});

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function collect(iterator) {
  const seen = [];
  for await (const result of iterator) {
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    seen.push(result.data);
  }
  return seen;
}

async function overGraphqlWs() {
  // Apollo-style connection params: the credential under headers.Authorization.
  const client = createWsClient({
    url: WS,
    webSocketImpl: WebSocket,
    connectionParams: { headers: { Authorization: AUTH } },
    retryAttempts: 0,
  });
  try {
    const submitted = await collect(
      client.iterate({ query: SUBMIT, variables: submission("over graphql-ws") }),
    );
    const job = submitted[0].submitJob.job;
    const updates = await withTimeout(
      collect(client.iterate({ query: FOLLOW, variables: { id: job.id } })),
      "graphql-ws jobUpdated",
    );
    return { submitted: submitted[0].submitJob.__typename, statuses: updates.map((u) => u.jobUpdated.status) };
  } finally {
    await client.dispose();
  }
}

async function overGraphqlSse() {
  const client = createSseClient({ url: HTTP, headers: { Authorization: AUTH }, retryAttempts: 0 });
  try {
    const submitted = await collect(
      client.iterate({ query: SUBMIT, variables: submission("over graphql-sse") }),
    );
    const job = submitted[0].submitJob.job;
    const updates = await withTimeout(
      collect(client.iterate({ query: FOLLOW, variables: { id: job.id } })),
      "graphql-sse jobUpdated",
    );
    return { submitted: submitted[0].submitJob.__typename, statuses: updates.map((u) => u.jobUpdated.status) };
  } finally {
    client.dispose();
  }
}

async function possibleTypes() {
  // What codegen's fragment-matcher plugin writes: the members of every union and interface.
  const response = await fetch(HTTP, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: AUTH },
    body: JSON.stringify({ query: POSSIBLE_TYPES }),
  });
  const { data } = await response.json();
  const map = {};
  for (const type of data.__schema.types) {
    if (type.possibleTypes) map[type.name] = type.possibleTypes.map((t) => t.name);
  }
  return map;
}

function sha256(text) {
  return createHash("sha256").update(text).digest("hex");
}

async function overApollo() {
  const requests = [];
  const recording = async (input, init) => {
    const url = new URL(String(input));
    const body = typeof init?.body === "string" ? JSON.parse(init.body) : {};
    const response = await fetch(input, init);
    requests.push({
      method: init?.method ?? "GET",
      operation: url.searchParams.get("operationName") ?? body.operationName,
      hashOnly: !url.searchParams.has("query") && !("query" in body),
      status: response.status,
      cacheControl: response.headers.get("cache-control"),
    });
    return response;
  };
  const http = new HttpLink({ uri: HTTP, headers: { authorization: AUTH }, fetch: recording });
  const apq = new PersistedQueryLink({ sha256, useGETForHashedQueries: true });
  const ws = new GraphQLWsLink(
    createWsClient({ url: WS, webSocketImpl: WebSocket, connectionParams: { authorization: AUTH } }),
  );
  const cache = () => new InMemoryCache({ possibleTypes: types });
  const types = await possibleTypes();
  // Queries and mutations over HTTP (hashed queries by GET), subscriptions over HTTP multipart.
  const overHttp = new ApolloClient({ link: ApolloLink.from([apq, http]), cache: cache() });
  // The same, with subscriptions over graphql-ws.
  const overWs = new ApolloClient({
    link: ApolloLink.split(
      ({ operationType }) => operationType === "subscription",
      ws,
      ApolloLink.from([apq, http]),
    ),
    cache: cache(),
  });
  try {
    const page = await overHttp.query({ query: gql(BACKENDS), variables: { first: 3 } });
    const again = await overHttp.query({ query: gql(BACKENDS), variables: { first: 3 }, fetchPolicy: "network-only" });
    const refused = await overHttp.mutate({
      mutation: gql(SUBMIT),
      variables: submission("broken", "OPENQASM 3.0; qubit[2] q; h q[7;"),
    });
    const follow = async (client, name) => {
      const done = await client.mutate({ mutation: gql(SUBMIT), variables: submission(name) });
      const job = done.data.submitJob.job;
      const results = await withTimeout(
        lastValueFrom(client.subscribe({ query: gql(FOLLOW), variables: { id: job.id } }).pipe(toArray())),
        `apollo jobUpdated ${name}`,
      );
      for (const result of results) if (result.error) throw result.error;
      return { submitted: done.data.submitJob.__typename, statuses: results.map((r) => r.data.jobUpdated.status) };
    };
    return {
      backends: { totalCount: page.data.backends.totalCount, names: page.data.backends.edges.map((e) => e.node.name), again: again.data.backends.totalCount },
      refused: refused.data.submitJob,
      multipart: await follow(overHttp, "apollo over multipart"),
      websocket: await follow(overWs, "apollo over graphql-ws"),
      requests,
    };
  } finally {
    overHttp.stop();
    overWs.stop();
    ws.client.dispose();
  }
}

async function malformedParams() {
  // A credential in a shape the server does not read: refused with 4400, not anonymous.
  const codes = [];
  for (const connectionParams of [{ token: AUTH }, { headers: { Authorization: 42 } }, { authorization: "not bearer" }]) {
    const client = createWsClient({ url: WS, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: false, onNonLazyError: () => {} });
    codes.push(
      await withTimeout(
        new Promise((resolve) => client.on("closed", (event) => resolve(event.code))),
        "closed",
      ),
    );
    await client.dispose();
  }
  return { codes };
}

const scenarios = {
  "graphql-ws": overGraphqlWs,
  "graphql-sse": overGraphqlSse,
  apollo: overApollo,
  "malformed-params": malformedParams,
};

try {
  const outcome = await scenarios[process.argv[2]]();
  console.log(JSON.stringify(outcome));
  process.exit(0);
} catch (error) {
  console.log(JSON.stringify({ error: String(error?.stack ?? error) }));
  process.exit(1);
}

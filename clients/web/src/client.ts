// An Apollo Client for Qraph: queries and mutations over HTTP, subscriptions over
// graphql-transport-ws, both at the same /graphql URL and with the same credential.
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { getMainDefinition } from "@apollo/client/utilities";
import { createClient } from "graphql-ws";
import possibleTypesResult from "./gql/possible-types";

export interface QraphClientOptions {
  /** The API's origin, e.g. "http://127.0.0.1:8000". */
  origin: string;
  /** An access token from `login` or an API key (`qk_…`); omit for the public catalog. */
  credential?: string;
}

export function createQraphClient({ origin, credential }: QraphClientOptions): ApolloClient {
  const url = new URL("/graphql", origin);
  const authorization = credential === undefined ? undefined : `Bearer ${credential}`;

  const http = new HttpLink({
    uri: url.href,
    headers: authorization === undefined ? {} : { Authorization: authorization },
  });
  // Browsers cannot set headers on a WebSocket: the credential goes in connection_init's
  // payload, as `authorization` (or `apiKey` for a bare key). A refused one closes with 4403.
  const socketUrl = url.href.replace(/^http/, "ws");
  const ws = new GraphQLWsLink(
    createClient({
      url: socketUrl,
      connectionParams: authorization === undefined ? {} : { authorization },
    }),
  );

  const link = ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === "OperationDefinition" && definition.operation === "subscription";
    },
    ws,
    http,
  );

  return new ApolloClient({
    link,
    // Without possibleTypes, fragments on the `Error` interface never match a union member.
    cache: new InMemoryCache({ possibleTypes: possibleTypesResult.possibleTypes }),
  });
}

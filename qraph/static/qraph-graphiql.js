// Qraph's GraphiQL: queries and mutations over HTTP, subscriptions over graphql-transport-ws on the
// same /graphql path, both with the credentials in the Headers tab. Loaded after the UMD builds
// of React, GraphiQL, its explorer plugin and graphql-ws (globals React, ReactDOM, GraphiQL,
// GraphiQLPluginExplorer, graphqlWs), all served by the API itself (qraph/graphiql.py).
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("qraph-graphiql-config").textContent);
  const endpoint = window.location.origin + window.location.pathname;
  const socketEndpoint = endpoint.replace(/^http/, "ws");
  const overHttp = GraphiQL.createFetcher({ url: endpoint });

  // The WebSocket carries no HTTP headers from a browser, so the Headers tab's credentials go in
  // the connection_init payload, in the shapes the server reads: `authorization` and `apiKey`.
  function connectionParams(headers) {
    const params = {};
    for (const [name, value] of Object.entries(headers || {})) {
      if (typeof value !== "string") continue;
      const lower = name.toLowerCase();
      if (lower === "authorization") params.authorization = value;
      else if (lower === "x-api-key") params.apiKey = value;
    }
    return params;
  }

  // One connection for the current credentials; editing them opens a new one on next use.
  let socket = null;
  function socketFor(headers) {
    const params = connectionParams(headers);
    const key = JSON.stringify(params);
    if (socket !== null && socket.key === key) return socket.client;
    if (socket !== null) socket.client.dispose();
    const client = graphqlWs.createClient({
      url: socketEndpoint,
      connectionParams: params,
      retryAttempts: 3,
      // A refused credential (4403) or a bad message (4400) will not get better by retrying.
      shouldRetry: (event) => !(event && (event.code === 4403 || event.code === 4400)),
    });
    socket = { key, client };
    return client;
  }

  function operationType(params, options) {
    const document = options && options.documentAST;
    if (!document) return null;
    const operations = document.definitions.filter((d) => d.kind === "OperationDefinition");
    const chosen = params.operationName
      ? operations.find((d) => d.name && d.name.value === params.operationName)
      : operations[0];
    return chosen ? chosen.operation : null;
  }

  // GraphiQL prints what `error` receives; a CloseEvent would print as `{"isTrusted":true}`.
  function describe(error) {
    if (error && typeof error.code === "number" && "reason" in error) {
      const reason = error.reason ? `: ${error.reason}` : "";
      return new Error(`The subscription's WebSocket closed with ${error.code}${reason}`);
    }
    return error;
  }

  function fetcher(params, options) {
    if (operationType(params, options) !== "subscription") return overHttp(params, options);
    const client = socketFor(options && options.headers);
    const payload = {
      query: params.query,
      variables: params.variables || undefined,
      operationName: params.operationName || undefined,
    };
    return {
      subscribe(observer) {
        const dispose = client.subscribe(payload, {
          next: (value) => observer.next(value),
          error: (error) => observer.error(describe(error)),
          complete: () => observer.complete(),
        });
        return { unsubscribe: dispose };
      },
    };
  }

  const root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher,
      plugins: [GraphiQLPluginExplorer.explorerPlugin()],
      defaultQuery: config.defaultQuery,
      defaultHeaders: config.defaultHeaders || undefined,
      defaultEditorToolsVisibility: config.defaultHeaders ? "headers" : true,
      isHeadersEditorEnabled: true,
      // Not kept in localStorage: the development key changes with the data directory.
      shouldPersistHeaders: false,
      inputValueDeprecation: true,
    }),
  );
})();

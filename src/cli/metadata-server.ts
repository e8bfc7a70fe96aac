/**
 * `serve --mode openstack`: an OpenStack metadata service (what cloud-init's DataSourceOpenStack reads at
 * http://169.254.169.254/) for every spec of a directory, each VM answered with its own documents only.
 *
 * Every request passes the seed server's checks (`checkRequest`: GET/HEAD, bounded target, no body), then
 * the client is identified by its source address (`MetadataClients`); an unknown client gets 404 whatever it
 * asks, and the log says why. The path is looked up in the client's tree (`lookupMetadata`), a map: no
 * request reaches the file system.
 */
import type { IncomingMessage } from "node:http";
import { MetadataClients } from "./metadata-clients";
import { lookupMetadata } from "./metadata-tree";
import { Answer, checkRequest, RunningSeedServer, startHttpServer } from "./seed-server";

export interface MetadataServerOptions {
  clients: MetadataClients;
  port: number;
  bind: string;
  log: (line: string) => void;
}

function contentType(path: string): string {
  return path.endsWith(".json") ? "application/json" : "text/plain; charset=utf-8";
}

/** The answer to `req` from the client at `remoteAddress`. */
export function routeMetadata(req: IncomingMessage, clients: MetadataClients): Answer {
  const path = checkRequest(req);
  if (typeof path !== "string") return path;
  const remote = req.socket.remoteAddress ?? "";
  const client = clients.lookup(remote);
  if (client.kind === "invalid") {
    return {
      status: 500,
      body: "this VM's documents are invalid; see the server's log\n",
      reason: client.problems,
    };
  }
  if (client.kind === "unknown") {
    return { status: 404, body: "not found\n", reason: [client.why] };
  }
  const found = lookupMetadata(client.vm.tree, path);
  if (found.kind === "bad")
    return { status: 404, body: "not found\n", reason: [`${client.name}: ${found.why}`] };
  if (found.kind === "missing") {
    return { status: 404, body: "not found\n", reason: [`${client.name} has no ${path}`] };
  }
  return {
    status: 200,
    body: found.body,
    contentType: found.kind === "file" ? contentType(found.path) : "text/plain; charset=utf-8",
    vm: client.name,
  };
}

/** Starts the metadata service; resolves once it listens. */
export function startMetadataServer(opts: MetadataServerOptions): Promise<RunningSeedServer> {
  return startHttpServer({ ...opts, route: (req) => routeMetadata(req, opts.clients) });
}

/**
 * `SnippetNameKey`: a random 256-bit key kept (encrypted) in the stack's state, under which the snippet
 * file names of documents derived from secrets are tagged (`contentTag` in snippets.ts).
 *
 * Why: a snippet's file name is part of the file resource's id (`<storage>:snippets/<name>`, bpg
 * terraform-provider-proxmox proxmoxtf/resource/file.go:286-288 and 636), and Pulumi stores ids in plain
 * text. A plain SHA-256 of user-data holding a password hash would let anyone with the state test
 * password guesses offline; an HMAC under a key only the encrypted state holds does not.
 *
 * The provider draws the key once, in `create` (during `pulumi up`), and never changes it (`diff` reports
 * no changes), so names stay stable across updates. Node built-ins are imported inside the methods: Pulumi
 * serializes this provider as a closure and runs it in its own process.
 */
import * as pulumi from "@pulumi/pulumi";

const snippetNameKeyProvider: pulumi.dynamic.ResourceProvider = {
  async create() {
    const { randomBytes } = await import("node:crypto");
    return { id: "snippet-name-key", outs: { key: randomBytes(32).toString("hex") } };
  },
  async diff() {
    return { changes: false };
  },
};

/** The random key of one component's snippet names (output `key`, always a secret). */
export class SnippetNameKey extends pulumi.dynamic.Resource {
  /** 64 hex characters; a secret. */
  declare public readonly key: pulumi.Output<string>;

  constructor(name: string, opts?: pulumi.CustomResourceOptions) {
    super(
      snippetNameKeyProvider,
      name,
      { key: undefined },
      { ...opts, additionalSecretOutputs: ["key"] },
      "bootstrapped-vm",
      "SnippetNameKey",
    );
  }
}

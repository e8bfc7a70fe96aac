/**
 * Reviewability: what `pulumi preview --diff` shows when the rendered cloud-init changes.
 *
 * Transports carry the documents in forms no one can review: base64 or gzip+base64 in vSphere
 * extraConfig, base64 in vApp properties, bytes in an ISO. `BootstrappedVm` therefore registers one
 * `pulumi.Stash` child (`${name}-cloud-init`, type `pulumi:index:Stash`) whose `input` is the rendered
 * documents as plain text. Why a Stash:
 * - Pulumi's docs (docs/iac/concepts/stash): "Every Stash resource accepts any value as its input
 *   property ... The current input value is always available as an output property"; it is a built-in
 *   resource of the engine (`sdk/nodejs/stash.ts` registers `pulumi:index:Stash` with `input`), so it
 *   needs no provider plugin and works the same from every language using the component.
 * - A custom resource's inputs are what the engine diffs and `pulumi preview --diff` prints property
 *   by property, so a changed `runcmd` line appears as a change of `input.userData`, next to the
 *   opaque change of `extraConfig["guestinfo.userdata"]` on the VM. Component outputs, in contrast,
 *   are not diffed by the engine at all, and a component's own inputs are the user's spec, not the
 *   rendered documents.
 * - Changing a Stash's input is an in-place update of state only; it creates nothing in the cloud.
 * Secrets: the record's text is render/review.ts's (what is derived from a password or private key, and the
 * digests of documents holding one, are `<redacted>`). When a secret Pulumi input feeds user-data, the
 * review record is a Pulumi secret as a whole (Pulumi marks a resource property secret as a whole in any
 * case), so the Stash's `input` is then shown as `[secret]`. Without secrets the record is plain and
 * complete.
 */
import * as pulumi from "@pulumi/pulumi";
import type { RenderedDocuments } from "../render/types";
import { reviewOf, type CloudInitReview } from "../render/review";
import type { BootstrapSpec } from "../spec/types";
import type { SecretReach } from "./inputs";
import { allMaybe, mapMaybe, type Maybe } from "../core/maybe";

/**
 * The Stash input. When a secret Pulumi input feeds user-data (`reach` = "userData") the record is a
 * secret as a whole (Pulumi marks a resource property secret as a whole anyway).
 */
export function reviewRecord(
  docs: Maybe<RenderedDocuments>,
  networkConfig: Maybe<string>,
  spec: Maybe<BootstrapSpec>,
  reach: Maybe<SecretReach>,
): Maybe<CloudInitReview> {
  return mapMaybe(
    allMaybe<[RenderedDocuments, string, BootstrapSpec, SecretReach]>([docs, networkConfig, spec, reach]),
    ([d, n, s, r]) => {
      const record = reviewOf(d, n, s);
      return r === "userData" ? (pulumi.secret(record) as pulumi.Output<CloudInitReview>) : record;
    },
  );
}

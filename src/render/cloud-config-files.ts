/** Files -> cloud-config `write_files`. */
import { FileEncoding, FileSpec } from "../spec/types";

const ENCODINGS: Record<FileEncoding, string | undefined> = {
  [FileEncoding.Text]: undefined,
  [FileEncoding.Base64]: "b64",
  [FileEncoding.GzipBase64]: "gz+b64",
};

/** Octal permissions in cloud-init's four-digit form (`644` -> `0644`). */
function fourDigitMode(permissions: string): string {
  return permissions.length === 3 ? `0${permissions}` : permissions;
}

export function renderWriteFile(file: FileSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { path: file.path, content: file.content };
  const encoding = ENCODINGS[file.encoding ?? FileEncoding.Text];
  if (encoding !== undefined) out.encoding = encoding;
  if (file.owner !== undefined) out.owner = file.owner;
  if (file.permissions !== undefined) out.permissions = fourDigitMode(file.permissions);
  if (file.append !== undefined) out.append = file.append;
  if (file.defer !== undefined) out.defer = file.defer;
  return out;
}

/**
 * The seed ISO resources validate their spec once, wherever it is known: in the constructor, or once its
 * Outputs resolve (the check before rendering; the renderer then takes the spec as valid). `checkSpecRules`
 * is the spec's rules, run once by every `validateSpec` (src/render/validate-spec.ts): its calls count the
 * validations.
 */
import * as pulumi from "@pulumi/pulumi";
import { join } from "node:path";
import { installMocks, valueOf } from "../component/mock-harness";
import { configDriveSeedIsoInputs, noCloudSeedIsoInputs } from "../../src/seed-image/inputs";
import { plainSpec } from "./sample-spec";

const recorder = installMocks();
/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const { ConfigDriveSeedIso, NoCloudSeedIso } =
  require("../../src/seed-image/resources") as typeof import("../../src/seed-image/resources");
const { pluginSeedIsoWriter } =
  require("../../src/seed-image/seed-iso-file") as typeof import("../../src/seed-image/seed-iso-file");
const specRules = require("../../src/spec/validate") as typeof import("../../src/spec/validate");
/* eslint-enable @typescript-eslint/no-require-imports */

const MAC = "52:54:00:aa:bb:01";
const later = <T>(value: T) => pulumi.output(Promise.resolve(value));
const pathOf = (name: string) => join("out", `${name}.iso`);

beforeEach(() => recorder.clear());
afterEach(() => jest.restoreAllMocks());

interface Case {
  what: string;
  name: string;
  format: "nocloud" | "configDrive";
  /** Registers the seed ISO; its `path` resolves once it is registered, its files rendered. */
  make: (name: string) => { path: pulumi.Output<string> };
}

const cases: Case[] = [
  {
    what: "NoCloudSeedIso, spec known",
    name: "nc-known",
    format: "nocloud",
    make: (name) =>
      new NoCloudSeedIso(name, {
        path: pathOf(name),
        bootstrap: plainSpec(name),
        assignedMacAddresses: [MAC],
      }),
  },
  {
    what: "NoCloudSeedIso, spec an Output",
    name: "nc-late",
    format: "nocloud",
    make: (name) =>
      new NoCloudSeedIso(name, {
        path: pathOf(name),
        bootstrap: later(plainSpec(name)),
        assignedMacAddresses: [MAC],
      }),
  },
  {
    what: "NoCloudSeedIso, spec known and its MACs an Output",
    name: "nc-late-macs",
    format: "nocloud",
    make: (name) =>
      new NoCloudSeedIso(name, {
        path: pathOf(name),
        bootstrap: plainSpec(name),
        assignedMacAddresses: later([MAC]),
      }),
  },
  {
    what: "ConfigDriveSeedIso, spec known",
    name: "cd-known",
    format: "configDrive",
    make: (name) =>
      new ConfigDriveSeedIso(name, {
        path: pathOf(name),
        bootstrap: plainSpec(name),
        assignedMacAddresses: [MAC],
      }),
  },
  {
    what: "ConfigDriveSeedIso, spec an Output",
    name: "cd-late",
    format: "configDrive",
    make: (name) =>
      new ConfigDriveSeedIso(name, {
        path: pathOf(name),
        bootstrap: later(plainSpec(name)),
        assignedMacAddresses: [MAC],
      }),
  },
  {
    what: "ConfigDriveSeedIso, spec known and networkDataJson an Output",
    name: "cd-late-option",
    format: "configDrive",
    make: (name) =>
      new ConfigDriveSeedIso(name, {
        path: pathOf(name),
        bootstrap: plainSpec(name),
        assignedMacAddresses: [MAC],
        networkDataJson: later(true),
      }),
  },
  {
    what: "the plugin's NoCloud SeedIsoFile, spec an Output",
    name: "plugin-nc-late",
    format: "nocloud",
    make: (name) =>
      pluginSeedIsoWriter.noCloud(name, {
        path: pathOf(name),
        bootstrap: later(plainSpec(name)),
        assignedMacAddresses: [MAC],
      }),
  },
  {
    what: "the plugin's config-drive SeedIsoFile, spec an Output",
    name: "plugin-cd-late",
    format: "configDrive",
    make: (name) =>
      pluginSeedIsoWriter.configDrive(name, {
        path: pathOf(name),
        bootstrap: later(plainSpec(name)),
        assignedMacAddresses: [MAC],
      }),
  },
];

describe("seed ISO resources", () => {
  it.each(cases)("validate the spec once: $what", async ({ name, format, make }) => {
    const rules = jest.spyOn(specRules, "checkSpecRules");
    const iso = make(name);
    expect(await valueOf(iso.path)).toBe(pathOf(name));
    const validations = rules.mock.calls.length;
    rules.mockRestore();
    // Rendered and registered: the files are the spec's.
    const inputs = format === "nocloud" ? noCloudSeedIsoInputs : configDriveSeedIsoInputs;
    expect(recorder.byName(name).inputs.files).toEqual(
      inputs(plainSpec(name), { path: pathOf(name), assignedMacAddresses: [MAC] }).files,
    );
    expect(validations).toBe(1);
  });
});

import { suiteGuest } from "./harness";
import { Suite } from "./suites";
it("builds", async () => {
  await Promise.all([suiteGuest(Suite.Bullseye), suiteGuest(Suite.Trixie)]);
});

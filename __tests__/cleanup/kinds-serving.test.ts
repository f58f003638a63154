import { restApis } from "../../cleanup/kinds/apigateway-rest-api";
import { distributions } from "../../cleanup/kinds/cloudfront-distribution";
import { HANDLERS } from "../../cleanup/kinds/index";
import { functions } from "../../cleanup/kinds/lambda-function";
import { KINDS, type PlanItem } from "../../cleanup/types";
import { ANOTHER_PROJECT, OTHER, emptyWorld, kindContext, renamed } from "./kind-harness";
import { ACCOUNT, REGION, WORKSHOP_BUCKET, leftovers, mockCleanupAws, type CleanupWorld, type Distribution } from "./world";

let world: CleanupWorld;
const mocks = mockCleanupAws(() => world);
function given(w: Partial<CleanupWorld>): void {
  world = { ...emptyWorld(), ...w };
  mocks.reset();
}
const distribution = (id: string, origins: string[], extra: Partial<Distribution> = {}): Distribution => ({
  id,
  origins,
  enabled: true,
  status: "Deployed",
  etag: `${id}-1`,
  tags: {},
  pollsToDeploy: 2,
  ...extra,
});
const API_ORIGIN = `abc123.execute-api.${REGION}.amazonaws.com`;
const BUCKET_ORIGIN = `${WORKSHOP_BUCKET}.s3.${REGION}.amazonaws.com`;

test("every handler is registered under its own kind", () => {
  expect(KINDS.map((k) => HANDLERS[k].kind)).toEqual([...KINDS]);
});

describe("apigateway.rest-api", () => {
  const apis = Array.from({ length: 5 }, (_, i) => ({ id: `id${i}`, name: `Api${i}`, tags: {} }));

  test("reads every page, asking for 500 a page, and plans the configured API", async () => {
    given({ restApis: [...apis, { id: "abc123", name: "InferenceAPI", tags: {} }] });
    const found = await restApis.discover(kindContext().c);
    expect(found).toEqual({
      items: [
        {
          id: "apigateway.rest-api:InferenceAPI",
          kind: "apigateway.rest-api",
          name: "InferenceAPI",
          region: REGION,
          rule: "REST API named InferenceAPI",
          dependsOn: [],
          match: { tags: {}, id: "abc123" },
          arn: `arn:aws:apigateway:${REGION}::/restapis/abc123`,
        },
      ],
      excluded: [],
    });
    // The paginator reuses one input object for every page, so each call's input is seen as the last page left it.
    expect(mocks.inputs("GetRestApis")).toEqual([{ limit: 500, position: "4" }, { limit: 500, position: "4" }, { limit: 500, position: "4" }]);
  });

  test("stops reading at the page that has it", async () => {
    given({ restApis: [{ id: "abc123", name: "InferenceAPI", tags: {} }, ...apis] });
    expect((await restApis.discover(kindContext().c)).items).toHaveLength(1);
    expect(mocks.inputs("GetRestApis")).toHaveLength(1);
  });

  test("leaves another project's API alone, and finds nothing where there is none", async () => {
    given({ restApis: [{ id: "abc123", name: "InferenceAPI", tags: OTHER }] });
    expect(await restApis.discover(kindContext().c)).toEqual({ items: [], excluded: [{ kind: "apigateway.rest-api", name: "InferenceAPI", why: ANOTHER_PROJECT }] });
    given({ restApis: apis });
    expect(await restApis.discover(kindContext().c)).toEqual({ items: [], excluded: [] });
  });

  test("re-checks the name, the id and the tags", async () => {
    given({ restApis: [{ id: "abc123", name: "InferenceAPI", tags: {} }] });
    const { c } = kindContext();
    const [planned] = (await restApis.discover(c)).items;
    expect(await restApis.recheck(c, planned)).toEqual({ state: "match" });
    expect(await restApis.recheck(c, renamed(planned, "FraudAPI"))).toEqual({ state: "changed", why: "not the configured REST API" });
    world.restApis = [{ id: "new456", name: "InferenceAPI", tags: {} }];
    expect(await restApis.recheck(c, planned)).toEqual({ state: "changed", why: 'id is now "new456" (planned: "abc123")' });
    world.restApis = [];
    expect(await restApis.recheck(c, planned)).toEqual({ state: "gone" });
  });
});

describe("cloudfront.distribution", () => {
  const apis = [{ id: "abc123", name: "InferenceAPI", tags: {} }];

  test("plans a distribution with a workshop origin, every origin sorted, the matched ones in the rule", async () => {
    const website = `${WORKSHOP_BUCKET}.s3-website-${REGION}.amazonaws.com`;
    given({
      restApis: apis,
      distributions: [distribution("E1", ["zz.example.com", API_ORIGIN, BUCKET_ORIGIN]), distribution("E2", [website], { enabled: false }), distribution("E3", [`x${WORKSHOP_BUCKET}.s3.amazonaws.com`])],
    });
    const found = await distributions.discover(kindContext().c);
    expect(found.items.map((i) => [i.name, i.rule, i.match, i.cost, i.arn])).toEqual([
      ["E1", `distribution with the workshop origin ${API_ORIGIN}, ${BUCKET_ORIGIN}`, { tags: {}, origins: [API_ORIGIN, BUCKET_ORIGIN, "zz.example.com"] }, "enabled, e1.cloudfront.net: billed per request and transfer while it serves", `arn:aws:cloudfront::${ACCOUNT}:distribution/E1`],
      ["E2", `distribution with the workshop origin ${website}`, { tags: {}, origins: [website] }, "disabled, e2.cloudfront.net: billed per request and transfer while it serves", `arn:aws:cloudfront::${ACCOUNT}:distribution/E2`],
    ]);
    expect(found.excluded).toEqual([]);
    expect(mocks.inputs("ListDistributions")).toEqual([{ MaxItems: 100, Marker: "2" }, { MaxItems: 100, Marker: "2" }]);
  });

  test("leaves another project's distribution alone", async () => {
    given({ distributions: [distribution("E1", [BUCKET_ORIGIN], { tags: OTHER })] });
    const found = await distributions.discover(kindContext().c);
    expect({ items: found.items, excluded: found.excluded }).toEqual({ items: [], excluded: [{ kind: "cloudfront.distribution", name: "E1", why: ANOTHER_PROJECT }] });
  });

  describe("re-check", () => {
    async function planned(origins: string[]): Promise<PlanItem> {
      given({ restApis: apis, distributions: [distribution("E1", origins)] });
      return (await distributions.discover(kindContext().c)).items[0];
    }

    test("the same origins, in any order, match", async () => {
      const item = await planned([BUCKET_ORIGIN, "zz.example.com"]);
      world.distributions[0].origins = ["zz.example.com", BUCKET_ORIGIN];
      expect(await distributions.recheck(kindContext().c, item)).toEqual({ state: "match" });
    });

    test("a planned origin still counts when the REST API it pointed to is gone", async () => {
      const item = await planned([API_ORIGIN]);
      world.restApis = [];
      expect(await distributions.recheck(kindContext().c, item)).toEqual({ state: "match" });
    });

    test("an origin replaced is a change; no workshop or planned origin left is another", async () => {
      const item = await planned([BUCKET_ORIGIN, "zz.example.com"]);
      world.distributions[0].origins = [BUCKET_ORIGIN, "new.example.com"];
      expect(await distributions.recheck(kindContext().c, item)).toEqual({ state: "changed", why: `origins is now ["${BUCKET_ORIGIN}","new.example.com"] (planned: ["${BUCKET_ORIGIN}","zz.example.com"])` });
      world.distributions[0].origins = ["new.example.com"];
      expect(await distributions.recheck(kindContext().c, item)).toEqual({ state: "changed", why: "no longer has a workshop origin" });
      world.distributions[0].tags = OTHER;
      world.distributions[0].origins = [BUCKET_ORIGIN, "zz.example.com"];
      expect(await distributions.recheck(kindContext().c, item)).toEqual({ state: "changed", why: ANOTHER_PROJECT });
      world.distributions = [];
      expect(await distributions.recheck(kindContext().c, item)).toEqual({ state: "gone" });
    });
  });

  test("remove refuses to delete a distribution enabled again while it deployed", async () => {
    given({ distributions: [distribution("E1", [BUCKET_ORIGIN], { enabledWhileDeploying: true })] });
    const { c, waited } = kindContext();
    const [item] = (await distributions.discover(c)).items;
    await expect(distributions.remove(c, item)).rejects.toThrow(new Error("E1 was enabled again while it deployed; nothing was deleted"));
    expect(waited).toEqual(["cloudfront.distribution"]);
    expect(mocks.destructive().map((d) => d.command)).toEqual(["UpdateDistribution"]);
  });
});

describe("lambda.function", () => {
  test("plans the configured functions, leaves another project's alone, and re-checks the name", async () => {
    given({ functions: [{ name: "inference-function", tags: {} }, { name: "preprocessing-function", tags: OTHER }] });
    const { c } = kindContext();
    const found = await functions.discover(c);
    expect(found.items.map((i) => [i.id, i.arn])).toEqual([["lambda.function:inference-function", `arn:aws:lambda:${REGION}:${ACCOUNT}:function:inference-function`]]);
    expect(found.excluded).toEqual([{ kind: "lambda.function", name: "preprocessing-function", why: ANOTHER_PROJECT }]);
    expect(await functions.recheck(c, found.items[0])).toEqual({ state: "match" });
    expect(await functions.recheck(c, renamed(found.items[0], "other-function"))).toEqual({ state: "changed", why: "not one of the configured functions" });
  });
});

test("the leftovers world plans what the goldens say (a guard for this file's own world)", async () => {
  world = leftovers();
  mocks.reset();
  expect((await restApis.discover(kindContext().c)).items).toHaveLength(1);
});

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { prepareArgs } from "../src/args.js";
import { checkDefinition, DefinitionError, inputSchemaOf, parseSkillYaml } from "../src/definitions.js";
import { mapResponse, renderResult } from "../src/mapping.js";
import { compileCoercing } from "../src/schema.js";

export const SKILLS_DIR = fileURLToPath(new URL("../../skills", import.meta.url));
const ctx = { endpoints: ["member-graph"] };
const shipped = (name: string) => readFileSync(`${SKILLS_DIR}/${name}.yaml`, "utf8");

function problemsOf(yaml: string): string[] {
  try {
    checkDefinition(parseSkillYaml(yaml), ctx);
  } catch (e) {
    if (e instanceof DefinitionError) return e.problems;
    throw e;
  }
  assert.fail("the definition was accepted");
}

describe("skill definitions", () => {
  it("ships the eight skills of the design, each valid", () => {
    const files = readdirSync(SKILLS_DIR).filter((f) => f.endsWith(".yaml")).sort();
    assert.deepEqual(files, [
      "company_profile.yaml", "course_search.yaml", "job_details.yaml", "member_profile.yaml",
      "people_search.yaml", "post_details.yaml", "skill_insights.yaml", "web_search.yaml",
    ]);
    for (const f of files) {
      const def = checkDefinition(parseSkillYaml(readFileSync(`${SKILLS_DIR}/${f}`, "utf8")), ctx);
      assert.equal(`${def.name}.yaml`, f);
      assert.ok(def.examples.length > 0, `${f} has examples`);
    }
  });

  it("refuses a schema that does not compile or is not primitive", () => {
    const bad = shipped("job_details").replace("type: string\n      minLength: 1", "type: strng\n      minLength: 1");
    assert.match(problemsOf(bad).join("\n"), /input_schema\.properties\.job_id\.type is "strng"; use string, integer, number, boolean/);
    const typo = shipped("job_details").replace("minLength: 1", "minLenght: 1");
    assert.match(problemsOf(typo).join("\n"), /input_schema does not compile as JSON Schema: strict mode: unknown keyword: "minLenght"/);
  });

  it("refuses an unknown service or method, suggesting the right one", () => {
    assert.match(problemsOf(shipped("job_details").replace("JobService", "JobServce")).join("\n"), /not a service in proto\/ \(did you mean springboard\.membergraph\.v1\.JobService\?\)/);
    assert.match(problemsOf(shipped("job_details").replace("method: GetJob", "method: FetchJob")).join("\n"), /"FetchJob" is not a method of springboard\.membergraph\.v1\.JobService; methods: GetJob, SearchJobs/);
  });

  it("refuses mappings to fields that do not exist, naming the field to use", () => {
    const p = problemsOf(shipped("job_details").replace("company: job.companyName", "company: job.company_name").replace("jobId: job_id", "job: job_id"));
    assert.ok(p.some((x) => /mapping\.output\.company: path "job\.company_name" .*write "companyName"/.test(x)), p.join("\n"));
    assert.ok(p.some((x) => /mapping\.request\.job: springboard\.membergraph\.v1\.GetJobRequest has no field "job"; fields: jobId/.test(x)), p.join("\n"));
  });

  it("checks names, descriptions, endpoints, timeouts and examples", () => {
    const p = problemsOf(
      shipped("job_details")
        .replace("name: job_details", "name: Job")
        .replace("endpoint: member-graph", "endpoint: jobs-api")
        .replace("timeout_ms: 2000", "timeout_ms: 90000")
        .replace("args: {job_id: job-00042}", "args: {job: job-00042}"),
    ).join("\n");
    assert.match(p, /name "Job" must match/);
    assert.match(p, /binding\.grpc\.endpoint "jobs-api" is not a configured backend; configured: member-graph/);
    assert.match(p, /timeout_ms is 90000; set it from 1 to 60000/);
    assert.match(p, /examples\[0\]\.args do not fit input_schema: missing required argument job_id/);
    assert.match(problemsOf("name: short_one\ndescription: too short\n").join("\n"), /description is 9 characters; write at least 20/);
    assert.match(
      problemsOf(shipped("job_details").replace("    company_id: {type: string}\n", "")).join("\n"),
      /mapping\.output key "company_id" is not described in output_schema\.properties/,
    );
  });
});

describe("arguments", () => {
  const schemaOf = (name: string) => inputSchemaOf(checkDefinition(parseSkillYaml(shipped(name)), ctx));
  const prepare = (name: string, json: string) => {
    const schema = schemaOf(name);
    return prepareArgs(json, schema, compileCoercing(schema));
  };

  it("maps aliases that differ by case, separator or camelCase", () => {
    for (const key of ["jobId", "JobID", "job-id", "JOB_ID"]) {
      const r = prepare("job_details", JSON.stringify({ [key]: "job-00042" }));
      assert.deepEqual(r.args, { job_id: "job-00042" });
      assert.deepEqual(r.repairs, [`alias:${key}->job_id`]);
    }
  });

  it("coerces types, splits comma lists, fixes enum case and fills defaults", () => {
    assert.deepEqual(prepare("people_search", '{"keywords":"engineer","limit":"3"}'), { args: { keywords: "engineer", limit: 3 }, repairs: ["coerce:limit string->integer"] });
    assert.deepEqual(prepare("course_search", '{"skills":"SQL, Kubernetes"}'), { args: { skills: ["SQL", "Kubernetes"], limit: 5 }, repairs: ["coerce:skills comma list->array"] });
    assert.deepEqual(prepare("course_search", '{"skill":"SQL"}').repairs, ["alias:skill->skills", "coerce:skills string->array"]);
    assert.deepEqual(prepare("web_search", '{"query":"acme","freshness":"Week"}'), { args: { query: "acme", freshness: "week" }, repairs: ["enum:freshness Week->week"] });
    assert.deepEqual(prepare("skill_insights", '{"skill":"Rust","include_trends":"true","company":null}').repairs, ["drop:company unknown argument", "coerce:include_trends string->boolean"]);
    assert.deepEqual(prepare("people_search", '{"keywords":"x","limit":50,"company":"null"}'), { args: { keywords: "x", limit: 20 }, repairs: ["clamp:limit 50->20", "drop:company \"null\""] });
  });

  it("names a missing or wrongly typed argument", () => {
    assert.throws(() => prepare("job_details", "{}"), /missing required argument job_id \(the job's id, for example job-00042\)/);
    assert.throws(() => prepare("people_search", '{"keywords":"x","limit":"many"}'), /argument limit must be integer, got "many"/);
    assert.throws(() => prepare("web_search", '{"query":"x","freshness":"yesterday"}'), /argument freshness must be equal to one of the allowed values: "day", "week", "month", "any"/);
    assert.throws(() => prepare("job_details", "{job_id: 1"), /args_json is not valid JSON/);
    assert.throws(() => prepare("job_details", "[1]"), /args_json must be a JSON object of named arguments, got an array/);
  });
});

describe("results", () => {
  it("maps lists item by item and caps the result, dropping list items first", () => {
    const def = checkDefinition(parseSkillYaml(shipped("people_search")), ctx);
    const members = Array.from({ length: 20 }, (_, i) => ({ id: `member-${i}`, name: `Person ${i}`, headline: "Engineer ".repeat(5), experience: [{ title: "Engineer", companyName: "Acme" }] }));
    const { result, entities } = mapResponse(def.mapping, { members }, {});
    assert.equal((result as { members: unknown[] }).members.length, 20);
    assert.equal(entities.length, 20);
    assert.deepEqual((result as { members: unknown[] }).members[0], { id: "member-0", name: "Person 0", headline: "Engineer ".repeat(5), current_role: "Engineer at Acme" });
    const r = renderResult(result, 100);
    assert.equal(r.truncated, true);
    assert.ok(r.yaml.length / 4 <= 100, `${r.yaml.length} chars`);
    const kept = (JSON.parse(r.json) as { members: unknown[] }).members.length;
    assert.ok(kept > 0 && kept < 20);
    assert.equal(renderResult(result, 10_000).truncated, false);
  });
});

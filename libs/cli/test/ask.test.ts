import assert from "node:assert/strict";
import { create } from "@bufbuild/protobuf";
import { AttachmentSchema } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import { attachmentLabel } from "../src/ask.js";

describe("attachmentLabel", () => {
  it("shows a member's headline only when the member has one", () => {
    const withHeadline = create(AttachmentSchema, { entity: { case: "member", value: { name: "Jonas Lee", headline: "Senior Frontend Engineer" } } });
    const without = create(AttachmentSchema, { entity: { case: "member", value: { name: "Jonas Lee" } } });
    assert.equal(attachmentLabel(withHeadline), "Jonas Lee — Senior Frontend Engineer");
    assert.equal(attachmentLabel(without), "Jonas Lee");
  });

  it("names companies, and titles the rest", () => {
    assert.equal(attachmentLabel(create(AttachmentSchema, { entity: { case: "company", value: { name: "Acme Robotics" } } })), "Acme Robotics");
    assert.equal(attachmentLabel(create(AttachmentSchema, { entity: { case: "job", value: { title: "Senior Frontend Engineer" } } })), "Senior Frontend Engineer");
  });
});

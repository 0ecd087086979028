// Conformance of fake_iam_server with the AWS SDK for JavaScript v3 (@aws-sdk/client-iam): every
// operation the fake serves, the paginators, modelled errors with their HTTP status, dates and
// request ids. Run by tests/sdk/js/run.sh (CTest: sdk_js), which installs the pinned SDK with
// `npm ci` and sets FAKE_IAM_SERVER and NODE_PATH.
"use strict";

const assert = require("node:assert/strict");
const { spawn, execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const readline = require("node:readline");
const { after, before, describe, test } = require("node:test");

const {
  CreateAccessKeyCommand,
  CreateUserCommand,
  CredentialReportNotPresentException,
  DeleteAccessKeyCommand,
  DeleteConflictException,
  DeleteSigningCertificateCommand,
  DeleteUserCommand,
  DuplicateCertificateException,
  EntityAlreadyExistsException,
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetUserCommand,
  IAMClient,
  IAMServiceException,
  LimitExceededException,
  ListSigningCertificatesCommand,
  MalformedCertificateException,
  NoSuchEntityException,
  UpdateAccessKeyCommand,
  UpdateSigningCertificateCommand,
  UploadSigningCertificateCommand,
  paginateListAccessKeys,
  paginateListSigningCertificates,
  paginateListUsers,
} = require("@aws-sdk/client-iam");

const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MALFORMED_CERTIFICATE =
  "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n";

// Starts fake_iam_server on a free port; resolves to {endpoint, accessKeyId, secretAccessKey,
// stop()} once it has printed its endpoint and root credentials.
function startServer() {
  const program = process.env.FAKE_IAM_SERVER;
  assert.ok(program, "FAKE_IAM_SERVER must name the fake_iam_server program");
  const child = spawn(program, ["--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const lines = readline.createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${program} printed nothing within 10 s`)), 10000);
    const printed = [];
    child.once("error", reject);
    exited.then((code) => reject(new Error(`${program} exited with ${code}: ${printed.join("\n")}`)));
    lines.on("line", (line) => {
      printed.push(line);
      if (printed.length !== 2) return;
      clearTimeout(timer);
      const endpoint = printed[0].match(/^endpoint: (http:\/\/127\.0\.0\.1:\d+)$/);
      const credentials = printed[1].match(/^credentials: (\S+) (\S+) root$/);
      if (!endpoint || !credentials) return reject(new Error(`unexpected output: ${printed}`));
      resolve({
        endpoint: endpoint[1],
        accessKeyId: credentials[1],
        secretAccessKey: credentials[2],
        stop: async () => {
          child.kill("SIGTERM");
          assert.equal(await exited, 0, "fake_iam_server's exit status after SIGTERM");
        },
      });
    });
  });
}

// A fresh self-signed P-256 certificate in PEM, valid from now for a year: no two are alike.
function newCertificate() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-iam-sdk-js-"));
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
      "-nodes", "-days", "365", "-subj", "/CN=x", "-keyout", path.join(dir, "key.pem"),
      "-out", path.join(dir, "cert.pem")], { stdio: ["ignore", "ignore", "pipe"] });
    return fs.readFileSync(path.join(dir, "cert.pem"), "utf8");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function assertRecent(what, date) {
  assert.ok(date instanceof Date, `${what} is a ${typeof date}, not a Date: ${date}`);
  const skew = Math.abs(Date.now() - date.getTime());
  assert.ok(skew < 5 * 60 * 1000, `${what} ${date.toISOString()} is not near now`);
}

// Request ids are checked softly: a missing one is reported at the end of the test, after every
// other check has run.
let missingRequestIds = [];

function checkRequestId(what, metadata) {
  if (!REQUEST_ID.test(metadata.requestId ?? "")) {
    missingRequestIds.push(`${what}: $metadata.requestId ${JSON.stringify(metadata.requestId)}`);
  }
}

function assertRequestId(what, output) {
  checkRequestId(what, output.$metadata);
}

function assertRequestIdsSeen() {
  const missing = missingRequestIds;
  missingRequestIds = [];
  assert.deepEqual(missing, [], "responses without a request id that looks like a UUID");
}

// Runs promise, which must fail with IAM's error code, this HTTP status, a request id and, for a
// modelled error, an instance of type (whose name is the error's name; else the name is the code).
async function assertIamError(what, promise, code, status, type) {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof IAMServiceException, `${what}: ${err}`);
    if (type) assert.ok(err instanceof type, `${what}: ${err.name} is not a ${type.name}`);
    assert.equal(err.Code, code, `${what}: error code`);
    assert.equal(err.name, type ? type.name : code, `${what}: error name`);
    assert.equal(err.$metadata.httpStatusCode, status, `${what}: HTTP status`);
    assert.equal(err.$fault, "client", `${what}: fault`);
    assert.ok(err.message, `${what}: message`);
    checkRequestId(what, err.$metadata);
    return true;
  });
}

describe("AWS SDK for JavaScript v3 against fake_iam_server", () => {
  let server;
  let iam;

  before(async () => {
    server = await startServer();
    // docs/server.md quotes this call.
    iam = new IAMClient({
      endpoint: server.endpoint, // e.g. http://127.0.0.1:40123
      region: "us-east-1",
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
      maxAttempts: 1,
    });
  });

  after(async () => {
    iam?.destroy(); // closes its keep-alive connections
    await server?.stop();
  });

  test("users: create, get, list with the paginator, delete; errors", async () => {
    const created = await iam.send(new CreateUserCommand({ UserName: "carol", Path: "/sdk/" }));
    assertRequestId("CreateUser", created);
    const user = created.User;
    assert.equal(user.UserName, "carol");
    assert.equal(user.Path, "/sdk/");
    assert.match(user.UserId, /^AIDA[A-Z2-7]{17}$/);
    assert.match(user.Arn, /^arn:aws:iam::\d{12}:user\/sdk\/carol$/);
    assertRecent("CreateDate", user.CreateDate);

    const got = await iam.send(new GetUserCommand({ UserName: "CAROL" }));
    assertRequestId("GetUser", got);
    assert.deepEqual(got.User, user);

    await assertIamError("GetUser nobody", iam.send(new GetUserCommand({ UserName: "nobody" })),
      "NoSuchEntity", 404, NoSuchEntityException);
    await assertIamError("CreateUser again", iam.send(new CreateUserCommand({ UserName: "carol" })),
      "EntityAlreadyExists", 409, EntityAlreadyExistsException);
    await assertIamError("CreateUser invalid name",
      iam.send(new CreateUserCommand({ UserName: "no spaces" })), "ValidationError", 400);

    for (const name of ["dave", "erin"]) {
      await iam.send(new CreateUserCommand({ UserName: name, Path: "/sdk/" }));
    }
    const pages = [];
    for await (const page of paginateListUsers({ client: iam, pageSize: 1 }, { PathPrefix: "/sdk/" })) {
      assertRequestId("ListUsers", page);
      assert.equal(page.IsTruncated, page.Marker !== undefined, "IsTruncated with Marker");
      page.Users.forEach((u) => assertRecent("ListUsers CreateDate", u.CreateDate));
      pages.push(page.Users.map((u) => u.UserName));
    }
    assert.deepEqual(pages, [["carol"], ["dave"], ["erin"]]);

    const deleted = await iam.send(new DeleteUserCommand({ UserName: "erin" }));
    assertRequestId("DeleteUser", deleted);
    await assertIamError("DeleteUser twice", iam.send(new DeleteUserCommand({ UserName: "erin" })),
      "NoSuchEntity", 404, NoSuchEntityException);
    assertRequestIdsSeen();
  });

  test("signing certificates: upload, list with the paginator, update, delete; errors", async () => {
    await iam.send(new CreateUserCommand({ UserName: "alice" }));
    const ids = [];
    for (let i = 0; i < 2; i++) {
      const body = newCertificate();
      const upload = new UploadSigningCertificateCommand({ UserName: "alice", CertificateBody: body });
      const uploaded = await iam.send(upload);
      assertRequestId("UploadSigningCertificate", uploaded);
      const certificate = uploaded.Certificate;
      assert.equal(certificate.UserName, "alice");
      assert.equal(certificate.Status, "Active");
      assert.match(certificate.CertificateId, /^[A-Z2-7]{32}$/);
      assert.equal(certificate.CertificateBody.trim(), body.trim());
      assertRecent("UploadDate", certificate.UploadDate);
      assert.equal(certificate.UploadDate.getMilliseconds(), 0, "UploadDate in whole seconds");
      ids.push(certificate.CertificateId);
      if (i === 0) {
        // Alice's own certificate again: her certificate, nothing added. The root's copy: refused.
        const again = await iam.send(upload);
        assert.equal(again.Certificate.CertificateId, certificate.CertificateId);
        await assertIamError("UploadSigningCertificate by another",
          iam.send(new UploadSigningCertificateCommand({ CertificateBody: body })),
          "DuplicateCertificate", 409, DuplicateCertificateException);
      }
    }
    await assertIamError("third UploadSigningCertificate",
      iam.send(new UploadSigningCertificateCommand({ UserName: "alice", CertificateBody: newCertificate() })),
      "LimitExceeded", 409, LimitExceededException);
    await assertIamError("UploadSigningCertificate malformed",
      iam.send(new UploadSigningCertificateCommand({
        UserName: "alice", CertificateBody: MALFORMED_CERTIFICATE })),
      "MalformedCertificate", 400, MalformedCertificateException);

    const updated = await iam.send(new UpdateSigningCertificateCommand({
      UserName: "alice", CertificateId: ids[0], Status: "Inactive" }));
    assertRequestId("UpdateSigningCertificate", updated);
    await assertIamError("UpdateSigningCertificate Retired",
      iam.send(new UpdateSigningCertificateCommand({
        UserName: "alice", CertificateId: ids[0], Status: "Retired" })),
      "ValidationError", 400);

    const pages = [];
    for await (const page of paginateListSigningCertificates({ client: iam, pageSize: 1 },
      { UserName: "alice" })) {
      assertRequestId("ListSigningCertificates", page);
      page.Certificates.forEach((c) => assertRecent("listed UploadDate", c.UploadDate));
      pages.push(page.Certificates.map((c) => [c.CertificateId, c.Status]));
    }
    assert.deepEqual(pages, [[[ids[0], "Inactive"]], [[ids[1], "Active"]]]);

    await assertIamError("DeleteUser with certificates",
      iam.send(new DeleteUserCommand({ UserName: "alice" })),
      "DeleteConflict", 409, DeleteConflictException);
    for (const id of ids) {
      const deleted = await iam.send(new DeleteSigningCertificateCommand({
        UserName: "alice", CertificateId: id }));
      assertRequestId("DeleteSigningCertificate", deleted);
    }
    await assertIamError("DeleteSigningCertificate twice",
      iam.send(new DeleteSigningCertificateCommand({ UserName: "alice", CertificateId: ids[0] })),
      "NoSuchEntity", 404, NoSuchEntityException);
    const empty = await iam.send(new ListSigningCertificatesCommand({ UserName: "alice" }));
    assert.deepEqual(empty.Certificates, []);
    assert.equal(empty.IsTruncated, false);
    await iam.send(new DeleteUserCommand({ UserName: "alice" }));
    assertRequestIdsSeen();
  });

  test("access keys: create, sign with, last used, list with the paginator, update, delete; errors",
    async () => {
      await iam.send(new CreateUserCommand({ UserName: "kate" }));
      const keys = [];
      for (let i = 0; i < 2; i++) {
        const created = await iam.send(new CreateAccessKeyCommand({ UserName: "kate" }));
        assertRequestId("CreateAccessKey", created);
        const key = created.AccessKey;
        assert.equal(key.UserName, "kate");
        assert.match(key.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
        assert.equal(key.SecretAccessKey.length, 40);
        assert.equal(key.Status, "Active");
        assertRecent("CreateDate", key.CreateDate);
        assert.equal(key.CreateDate.getMilliseconds(), 0, "CreateDate in whole seconds");
        keys.push(key);
      }
      await assertIamError("third CreateAccessKey",
        iam.send(new CreateAccessKeyCommand({ UserName: "kate" })),
        "LimitExceeded", 409, LimitExceededException);

      // A new key signs at once; its use is recorded with the signature's region.
      const kate = new IAMClient({
        endpoint: server.endpoint, region: "eu-west-1", maxAttempts: 1,
        credentials: { accessKeyId: keys[0].AccessKeyId, secretAccessKey: keys[0].SecretAccessKey },
      });
      try {
        assert.equal((await kate.send(new GetUserCommand({}))).User.UserName, "kate");
      } finally {
        kate.destroy();
      }
      const lastUsed = (key) =>
        iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }));
      const used = await lastUsed(keys[0]);
      assertRequestId("GetAccessKeyLastUsed", used);
      assert.equal(used.UserName, "kate");
      assert.equal(used.AccessKeyLastUsed.ServiceName, "iam");
      assert.equal(used.AccessKeyLastUsed.Region, "eu-west-1");
      assertRecent("LastUsedDate", used.AccessKeyLastUsed.LastUsedDate);
      const unused = await lastUsed(keys[1]);
      assert.equal(unused.AccessKeyLastUsed.ServiceName, "N/A");
      assert.equal(unused.AccessKeyLastUsed.Region, "N/A");
      assert.equal(unused.AccessKeyLastUsed.LastUsedDate, undefined, "a never-used key's date");

      const updated = await iam.send(new UpdateAccessKeyCommand({
        UserName: "kate", AccessKeyId: keys[1].AccessKeyId, Status: "Inactive" }));
      assertRequestId("UpdateAccessKey", updated);
      const pages = [];
      const paginator = paginateListAccessKeys({ client: iam, pageSize: 1 }, { UserName: "kate" });
      for await (const page of paginator) {
        assertRequestId("ListAccessKeys", page);
        assert.equal(page.IsTruncated, page.Marker !== undefined, "IsTruncated with Marker");
        page.AccessKeyMetadata.forEach((k) => assertRecent("listed CreateDate", k.CreateDate));
        pages.push(page.AccessKeyMetadata.map((k) => [k.AccessKeyId, k.Status, k.SecretAccessKey]));
      }
      assert.deepEqual(pages, [[[keys[0].AccessKeyId, "Active", undefined]],
        [[keys[1].AccessKeyId, "Inactive", undefined]]]);

      await assertIamError("DeleteUser with access keys",
        iam.send(new DeleteUserCommand({ UserName: "kate" })),
        "DeleteConflict", 409, DeleteConflictException);
      for (const key of keys) {
        const deleted = await iam.send(new DeleteAccessKeyCommand({
          UserName: "kate", AccessKeyId: key.AccessKeyId }));
        assertRequestId("DeleteAccessKey", deleted);
      }
      await assertIamError("DeleteAccessKey twice",
        iam.send(new DeleteAccessKeyCommand({
          UserName: "kate", AccessKeyId: keys[0].AccessKeyId })),
        "NoSuchEntity", 404, NoSuchEntityException);
      // IAM answers an unknown key's last use as access denied, an error the SDK does not model.
      await assertIamError("GetAccessKeyLastUsed of a deleted key", lastUsed(keys[0]),
        "AccessDenied", 403);
      await iam.send(new DeleteUserCommand({ UserName: "kate" }));
      assertRequestIdsSeen();
    });

  test("credential report and account summary", async () => {
    await assertIamError("GetCredentialReport before any",
      iam.send(new GetCredentialReportCommand({})),
      "ReportNotPresent", 410, CredentialReportNotPresentException); // message: "UnknownError"
    const started = await iam.send(new GenerateCredentialReportCommand({}));
    assertRequestId("GenerateCredentialReport", started);
    assert.equal(started.State, "STARTED");
    assert.equal(started.Description, "No report exists. Starting a new report generation task");
    const complete = await iam.send(new GenerateCredentialReportCommand({}));
    assert.equal(complete.State, "COMPLETE");
    assert.equal(complete.Description, undefined);

    const report = await iam.send(new GetCredentialReportCommand({}));
    assertRequestId("GetCredentialReport", report);
    assert.ok(report.Content instanceof Uint8Array, `Content is ${typeof report.Content}`);
    const lines = Buffer.from(report.Content).toString("utf8").split("\n");
    assert.equal(lines[0].split(",").length, 22, lines[0]);
    assert.ok(lines[0].startsWith("user,arn,user_creation_time,password_enabled,"), lines[0]);
    assert.match(lines[1], /^<root_account>,arn:aws:iam::\d{12}:root,/);
    assert.equal(report.ReportFormat, "text/csv");
    assertRecent("GeneratedTime", report.GeneratedTime);

    const before = await iam.send(new GetAccountSummaryCommand({}));
    assertRequestId("GetAccountSummary", before);
    const summary = before.SummaryMap;
    assert.equal(Object.keys(summary).length, 34, Object.keys(summary).join(","));
    assert.ok(Object.values(summary).every(Number.isInteger), JSON.stringify(summary));
    assert.equal(summary.AccessKeysPerUserQuota, 2);
    assert.equal(summary.AccountAccessKeysPresent, 1, "the root's key");
    await iam.send(new CreateUserCommand({ UserName: "laura" }));
    const after = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap;
    assert.equal(after.Users, summary.Users + 1);
    await iam.send(new DeleteUserCommand({ UserName: "laura" }));
    assertRequestIdsSeen();
  });
});

# Conformance of fake_iam_server with Ruby's aws-sdk v1 (AWS::IAM::Client and the AWS::IAM
# resource collections, which page): every operation the fake serves, errors with their HTTP
# status, dates and request ids.
#
#   FAKE_IAM_SERVER=build/fake_iam_server ruby tests/sdk/ruby/iam_test.rb
#
# CTest runs it as sdk_ruby.
require "csv"
require "minitest/autorun"
require "openssl"
require "rexml/document"
require "timeout"
require "uri"
require "aws-sdk-v1"

# A fake_iam_server on a free port, and the root credentials it printed.
class FakeIamServer
  attr_reader :endpoint, :access_key_id, :secret_access_key

  def initialize
    program = ENV["FAKE_IAM_SERVER"] or raise "FAKE_IAM_SERVER must name the fake_iam_server program"
    @io = IO.popen([program, "--port", "0"], "r")
    Timeout.timeout(10) do
      @endpoint = @io.gets.to_s[/\Aendpoint: (http:\/\/127\.0\.0\.1:\d+)\n\z/, 1] or
        raise "#{program} printed no endpoint"
      credentials = @io.gets.to_s.split
      raise "unexpected credentials line #{credentials}" unless
        credentials.size == 4 && credentials[0] == "credentials:" && credentials[3] == "root"
      @access_key_id, @secret_access_key = credentials[1], credentials[2]
    end
  end

  def stop
    Process.kill("TERM", @io.pid)
    @io.read
    @io.close
    $?.success? or raise "fake_iam_server exited with #{$?}"
  end
end

class IamConformanceTest < Minitest::Test
  REQUEST_ID = /\A[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\z/
  MALFORMED_CERTIFICATE =
    "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"

  def setup
    @server = FakeIamServer.new
    uri = URI(@server.endpoint) # e.g. http://127.0.0.1:40123
    # docs/server.md quotes this call.
    @iam = AWS::IAM.new(
      iam_endpoint: uri.host, iam_port: uri.port, use_ssl: false, region: "us-east-1",
      access_key_id: @server.access_key_id, secret_access_key: @server.secret_access_key,
      max_retries: 0)
    @client = @iam.client # an AWS::IAM::Client
    @missing_request_ids = []
  end

  def teardown
    # Close the client's idle keep-alive connections before the server stops.
    @client&.config&.http_handler&.pool&.empty!
    @server&.stop
  end

  # A fresh self-signed P-256 certificate in PEM, valid from a minute ago for a year.
  def new_certificate
    key = OpenSSL::PKey::EC.generate("prime256v1")
    certificate = OpenSSL::X509::Certificate.new
    certificate.version = 2
    certificate.serial = OpenSSL::BN.rand(62)
    certificate.subject = certificate.issuer = OpenSSL::X509::Name.parse("/CN=x")
    certificate.public_key = key
    certificate.not_before = Time.now - 60
    certificate.not_after = Time.now + 365 * 24 * 3600
    certificate.sign(key, OpenSSL::Digest.new("SHA256"))
    certificate.to_pem
  end

  # Runs the block and returns the options of each call it made to the client's method: the
  # resource collections page through the client.
  def recording(method)
    calls = []
    @client.define_singleton_method(method) do |options = {}|
      calls << options.dup
      response = super(options, &nil) # not the block of `recording`
      calls.last[:request_id] = response[:response_metadata][:request_id]
      response
    end
    yield
    calls.each { |call| check_request_id(method.to_s, call[:request_id]) }
    calls
  ensure
    @client.singleton_class.send(:remove_method, method)
  end

  def assert_recent(what, time)
    assert_kind_of Time, time, what
    assert_in_delta Time.now.to_f, time.to_f, 300, "#{what} #{time} is not near now"
  end

  # Request ids are checked softly: a missing one fails the test at its end, after every other
  # check has run.
  def check_request_id(what, id)
    @missing_request_ids << "#{what}: request id #{id.inspect}" unless REQUEST_ID.match?(id.to_s)
  end

  def assert_request_ids_seen
    assert_equal [], @missing_request_ids, "responses without a request id that looks like a UUID"
  end

  # The block must raise IAM's error code as AWS::IAM::Errors::<code>, with this HTTP status. The
  # SDK keeps the response, whose RequestId is checked.
  def assert_iam_error(what, code, status)
    error = assert_raises(AWS::IAM::Errors.const_get(code), what) { yield }
    assert_kind_of AWS::Errors::ClientError, error, what
    assert_equal code, error.code, what
    assert_equal status, error.http_response.status, what
    refute_empty error.message, what
    body = REXML::Document.new(error.http_response.body)
    check_request_id(what, REXML::XPath.first(body, "/ErrorResponse/RequestId")&.text)
    error
  end

  def test_users
    created = @client.create_user(user_name: "carol", path: "/sdk/")
    check_request_id("CreateUser", created[:response_metadata][:request_id])
    user = created[:user]
    assert_equal "carol", user[:user_name]
    assert_equal "/sdk/", user[:path]
    assert_match(/\AAIDA[A-Z2-7]{17}\z/, user[:user_id])
    assert_match(/\Aarn:aws:iam::\d{12}:user\/sdk\/carol\z/, user[:arn])
    assert_recent("CreateDate", user[:create_date])

    got = @client.get_user(user_name: "CAROL")
    check_request_id("GetUser", got[:response_metadata][:request_id])
    assert_equal user, got[:user]

    assert_iam_error("GetUser nobody", "NoSuchEntity", 404) { @client.get_user(user_name: "nobody") }
    assert_iam_error("CreateUser again", "EntityAlreadyExists", 409) do
      @client.create_user(user_name: "carol")
    end
    assert_iam_error("CreateUser invalid name", "ValidationError", 400) do
      @client.create_user(user_name: "no spaces")
    end

    %w[dave erin].each { |name| @client.create_user(user_name: name, path: "/sdk/") }
    names = []
    calls = recording(:list_users) do
      @iam.users.with_prefix("/sdk/").each(batch_size: 1) { |u| names << u.name }
    end
    assert_equal %w[carol dave erin], names
    assert_equal 3, calls.size, "ListUsers pages"
    assert_equal [1], calls.map { |options| options[:max_items] }.uniq
    listed = @client.list_users(path_prefix: "/sdk/", max_items: 2)
    check_request_id("ListUsers", listed[:response_metadata][:request_id])
    assert_equal %w[carol dave], listed[:users].map { |u| u[:user_name] }
    assert_equal true, listed[:is_truncated]
    refute_empty listed[:marker]
    listed[:users].each { |u| assert_recent("ListUsers CreateDate", u[:create_date]) }

    deleted = @client.delete_user(user_name: "erin")
    check_request_id("DeleteUser", deleted[:response_metadata][:request_id])
    assert_iam_error("DeleteUser twice", "NoSuchEntity", 404) { @client.delete_user(user_name: "erin") }
    assert_request_ids_seen
  end

  def test_signing_certificates
    @client.create_user(user_name: "alice")
    ids = 2.times.map do |i|
      body = new_certificate
      uploaded = @client.upload_signing_certificate(user_name: "alice", certificate_body: body)
      check_request_id("UploadSigningCertificate", uploaded[:response_metadata][:request_id])
      certificate = uploaded[:certificate]
      assert_equal "alice", certificate[:user_name]
      assert_equal "Active", certificate[:status]
      assert_match(/\A[A-Z2-7]{32}\z/, certificate[:certificate_id])
      assert_equal body.strip, certificate[:certificate_body].strip
      assert_recent("UploadDate", certificate[:upload_date])
      assert_equal 0, certificate[:upload_date].usec, "UploadDate in whole seconds"
      if i.zero?
        # Alice's own certificate again: her certificate, nothing added. The root's copy: refused.
        again = @client.upload_signing_certificate(user_name: "alice", certificate_body: body)
        assert_equal certificate[:certificate_id], again[:certificate][:certificate_id]
        assert_iam_error("UploadSigningCertificate by another", "DuplicateCertificate", 409) do
          @client.upload_signing_certificate(certificate_body: body)
        end
      end
      certificate[:certificate_id]
    end
    assert_iam_error("third UploadSigningCertificate", "LimitExceeded", 409) do
      @client.upload_signing_certificate(user_name: "alice", certificate_body: new_certificate)
    end
    assert_iam_error("UploadSigningCertificate malformed", "MalformedCertificate", 400) do
      @client.upload_signing_certificate(user_name: "alice", certificate_body: MALFORMED_CERTIFICATE)
    end

    updated = @client.update_signing_certificate(
      user_name: "alice", certificate_id: ids[0], status: "Inactive")
    check_request_id("UpdateSigningCertificate", updated[:response_metadata][:request_id])
    assert_iam_error("UpdateSigningCertificate Retired", "ValidationError", 400) do
      @client.update_signing_certificate(user_name: "alice", certificate_id: ids[0], status: "Retired")
    end

    certificates = []
    calls = recording(:list_signing_certificates) do
      @iam.users["alice"].signing_certificates.each(batch_size: 1) { |c| certificates << c }
    end
    assert_equal ids, certificates.map(&:id)
    certificates.each { |c| assert_recent("listed UploadDate", c.upload_date) }
    assert_equal 2, calls.size, "ListSigningCertificates pages"
    assert_equal [1], calls.map { |options| options[:max_items] }.uniq
    assert_equal %i[inactive active], certificates.map(&:status) # each reads the list again
    listed = @client.list_signing_certificates(user_name: "alice")
    check_request_id("ListSigningCertificates", listed[:response_metadata][:request_id])
    assert_equal ids, listed[:certificates].map { |c| c[:certificate_id] }
    assert_equal %w[Inactive Active], listed[:certificates].map { |c| c[:status] }
    assert_equal false, listed[:is_truncated]
    listed[:certificates].each { |c| assert_recent("listed UploadDate", c[:upload_date]) }

    assert_iam_error("DeleteUser with certificates", "DeleteConflict", 409) do
      @client.delete_user(user_name: "alice")
    end
    ids.each do |id|
      deleted = @client.delete_signing_certificate(user_name: "alice", certificate_id: id)
      check_request_id("DeleteSigningCertificate", deleted[:response_metadata][:request_id])
    end
    assert_iam_error("DeleteSigningCertificate twice", "NoSuchEntity", 404) do
      @client.delete_signing_certificate(user_name: "alice", certificate_id: ids[0])
    end
    assert_empty @client.list_signing_certificates(user_name: "alice")[:certificates]
    @client.delete_user(user_name: "alice")
    assert_request_ids_seen
  end

  # The SDK's IAM API predates GetAccessKeyLastUsed, which it cannot call: a key's last use is read
  # from the credential report instead.
  def test_access_keys
    @client.create_user(user_name: "kate")
    keys = 2.times.map do
      created = @client.create_access_key(user_name: "kate")
      check_request_id("CreateAccessKey", created[:response_metadata][:request_id])
      key = created[:access_key]
      assert_equal "kate", key[:user_name]
      assert_match(/\AAKIA[A-Z2-7]{16}\z/, key[:access_key_id])
      assert_equal 40, key[:secret_access_key].size
      assert_equal "Active", key[:status]
      assert_recent("CreateDate", key[:create_date])
      assert_equal 0, key[:create_date].usec, "CreateDate in whole seconds"
      key
    end
    ids = keys.map { |key| key[:access_key_id] }
    assert_iam_error("third CreateAccessKey", "LimitExceeded", 409) do
      @client.create_access_key(user_name: "kate")
    end

    # A new key signs at once.
    uri = URI(@server.endpoint)
    kate = AWS::IAM::Client.new(
      iam_endpoint: uri.host, iam_port: uri.port, use_ssl: false, region: "us-east-1",
      access_key_id: ids[0], secret_access_key: keys[0][:secret_access_key], max_retries: 0)
    assert_equal "kate", kate.get_user[:user][:user_name]
    kate.config.http_handler.pool.empty!

    updated = @client.update_access_key(
      user_name: "kate", access_key_id: ids[1], status: "Inactive")
    check_request_id("UpdateAccessKey", updated[:response_metadata][:request_id])

    listed = []
    calls = recording(:list_access_keys) do
      @iam.users["kate"].access_keys.each(batch_size: 1) { |key| listed << key }
    end
    assert_equal ids, listed.map(&:id)
    assert_equal 2, calls.size, "ListAccessKeys pages"
    assert_equal [1], calls.map { |options| options[:max_items] }.uniq
    assert_equal %i[active inactive], listed.map(&:status) # each reads the list again
    page = @client.list_access_keys(user_name: "kate")
    check_request_id("ListAccessKeys", page[:response_metadata][:request_id])
    assert_equal [[ids[0], "Active"], [ids[1], "Inactive"]],
                 page[:access_key_metadata].map { |key| [key[:access_key_id], key[:status]] }
    assert_equal false, page[:is_truncated]
    page[:access_key_metadata].each do |key|
      assert_recent("listed CreateDate", key[:create_date])
      refute key.key?(:secret_access_key), "a listed key has no secret"
    end

    @client.generate_credential_report
    report = CSV.parse(@client.get_credential_report[:content], headers: true)
    row = report.find { |r| r["user"] == "kate" }
    assert_equal %w[true iam us-east-1], row.values_at(
      "access_key_1_active", "access_key_1_last_used_service", "access_key_1_last_used_region")
    assert_equal %w[false N/A N/A], row.values_at(
      "access_key_2_active", "access_key_2_last_used_date", "access_key_2_last_used_service")

    assert_iam_error("DeleteUser with access keys", "DeleteConflict", 409) do
      @client.delete_user(user_name: "kate")
    end
    ids.each do |id|
      deleted = @client.delete_access_key(user_name: "kate", access_key_id: id)
      check_request_id("DeleteAccessKey", deleted[:response_metadata][:request_id])
    end
    assert_iam_error("DeleteAccessKey twice", "NoSuchEntity", 404) do
      @client.delete_access_key(user_name: "kate", access_key_id: ids[0])
    end
    @client.delete_user(user_name: "kate")
    assert_request_ids_seen
  end

  def test_credential_report_and_account_summary
    assert_iam_error("GetCredentialReport before any", "ReportNotPresent", 410) do
      @client.get_credential_report
    end
    started = @client.generate_credential_report
    check_request_id("GenerateCredentialReport", started[:response_metadata][:request_id])
    assert_equal "STARTED", started[:state]
    assert_equal "No report exists. Starting a new report generation task", started[:description]
    complete = @client.generate_credential_report
    assert_equal "COMPLETE", complete[:state]
    refute complete.data.key?(:description)

    report = @client.get_credential_report
    check_request_id("GetCredentialReport", report[:response_metadata][:request_id])
    lines = report[:content].split("\n") # the SDK decoded the base64 on the wire
    assert lines[0].start_with?("user,arn,user_creation_time,password_enabled,"), lines[0]
    assert_equal 22, lines[0].split(",").size
    assert_match(/\A<root_account>,arn:aws:iam::\d{12}:root,/, lines[1])
    assert_equal "text/csv", report[:report_format]
    assert_recent("GeneratedTime", report[:generated_time])

    summary = @client.get_account_summary
    check_request_id("GetAccountSummary", summary[:response_metadata][:request_id])
    map = summary[:summary_map]
    assert_equal 34, map.size
    assert map.values.all?(Integer), map.inspect
    assert_equal [0, 2, 1],
                 map.values_at("Users", "AccessKeysPerUserQuota", "AccountAccessKeysPresent")
    @client.create_user(user_name: "laura")
    assert_equal 1, @iam.account_summary[:users] # the resource's view of the same map
    assert_request_ids_seen
  end
end

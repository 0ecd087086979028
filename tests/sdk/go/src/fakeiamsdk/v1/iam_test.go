// Conformance of fake_iam_server with the AWS SDK for Go v1 (service/iam): every operation the
// fake serves, the Pages paginators, awserr.RequestFailure codes with their HTTP status, dates and
// request ids.
package v1

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"fakeiamsdk/harness"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/awserr"
	"github.com/aws/aws-sdk-go/aws/credentials"
	"github.com/aws/aws-sdk-go/aws/request"
	"github.com/aws/aws-sdk-go/aws/session"
	"github.com/aws/aws-sdk-go/service/iam"
)

// newClient points an IAM client at the server. Its idle connections are closed when the test
// ends, before the server is stopped.
func newClient(t *testing.T, s *harness.Server) *iam.IAM {
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	// docs/server.md quotes this call.
	sess, err := session.NewSession(&aws.Config{
		Region:      aws.String("us-east-1"),
		Endpoint:    aws.String(s.Endpoint), // e.g. http://127.0.0.1:40123
		Credentials: credentials.NewStaticCredentials(s.KeyID, s.SecretKey, ""),
		MaxRetries:  aws.Int(0),
		HTTPClient:  &http.Client{Transport: transport},
	})
	if err != nil {
		t.Fatal(err)
	}
	return iam.New(sess)
}

// requestIDs collects the request id of each request it is given to, pages included.
type requestIDs []string

func (ids *requestIDs) option() request.Option {
	return func(r *request.Request) {
		r.Handlers.Complete.PushBack(func(r *request.Request) { *ids = append(*ids, r.RequestID) })
	}
}

// check checks the request id of every request so far, and that there were count of them.
func (ids *requestIDs) check(t *testing.T, what string, count int) {
	t.Helper()
	if len(*ids) != count {
		t.Errorf("%s: %d requests, want %d", what, len(*ids), count)
	}
	for _, id := range *ids {
		harness.CheckRequestID(t, what, id)
	}
	*ids = nil
}

// wantError checks that err is an awserr.RequestFailure with IAM's error code, this HTTP status
// and a request id.
func wantError(t *testing.T, what string, err error, code string, status int) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: succeeded, want %s", what, code)
	}
	var failure awserr.RequestFailure
	if !errors.As(err, &failure) {
		t.Fatalf("%s: %T (%v) is no awserr.RequestFailure", what, err, err)
	}
	if failure.Code() != code || failure.StatusCode() != status {
		t.Errorf("%s: %s %d (%v), want %s %d", what, failure.Code(), failure.StatusCode(), err, code, status)
	}
	harness.CheckRequestID(t, what, failure.RequestID())
}

func TestUsers(t *testing.T) {
	ctx := context.Background()
	client := newClient(t, harness.Start(t))
	var ids requestIDs

	created, err := client.CreateUserWithContext(ctx, &iam.CreateUserInput{
		UserName: aws.String("carol"), Path: aws.String("/sdk/")}, ids.option())
	if err != nil {
		t.Fatal(err)
	}
	ids.check(t, "CreateUser", 1)
	user := created.User
	if aws.StringValue(user.UserName) != "carol" || aws.StringValue(user.Path) != "/sdk/" ||
		!strings.HasPrefix(aws.StringValue(user.UserId), "AIDA") ||
		!regexp.MustCompile(`^arn:aws:iam::\d{12}:user/sdk/carol$`).MatchString(aws.StringValue(user.Arn)) {
		t.Errorf("CreateUser: %v", user)
	}
	harness.CheckRecent(t, "CreateDate", aws.TimeValue(user.CreateDate))

	got, err := client.GetUserWithContext(ctx, &iam.GetUserInput{UserName: aws.String("CAROL")}, ids.option())
	if err != nil {
		t.Fatal(err)
	}
	ids.check(t, "GetUser", 1)
	if aws.StringValue(got.User.UserId) != aws.StringValue(user.UserId) ||
		!aws.TimeValue(got.User.CreateDate).Equal(aws.TimeValue(user.CreateDate)) {
		t.Errorf("GetUser: %v, want %v", got.User, user)
	}

	_, err = client.GetUser(&iam.GetUserInput{UserName: aws.String("nobody")})
	wantError(t, "GetUser nobody", err, iam.ErrCodeNoSuchEntityException, 404)
	_, err = client.CreateUser(&iam.CreateUserInput{UserName: aws.String("carol")})
	wantError(t, "CreateUser again", err, iam.ErrCodeEntityAlreadyExistsException, 409)
	_, err = client.CreateUser(&iam.CreateUserInput{UserName: aws.String("no spaces")})
	wantError(t, "CreateUser invalid name", err, "ValidationError", 400)

	for _, name := range []string{"dave", "erin"} {
		if _, err := client.CreateUser(&iam.CreateUserInput{
			UserName: aws.String(name), Path: aws.String("/sdk/")}); err != nil {
			t.Fatal(err)
		}
	}
	pages := 0
	var names []string
	err = client.ListUsersPagesWithContext(ctx, &iam.ListUsersInput{
		PathPrefix: aws.String("/sdk/"), MaxItems: aws.Int64(1)},
		func(page *iam.ListUsersOutput, last bool) bool {
			pages++
			for _, u := range page.Users {
				names = append(names, aws.StringValue(u.UserName))
				harness.CheckRecent(t, "ListUsers CreateDate", aws.TimeValue(u.CreateDate))
			}
			if last == aws.BoolValue(page.IsTruncated) {
				t.Errorf("ListUsers page %d: last %v with IsTruncated %v", pages, last, aws.BoolValue(page.IsTruncated))
			}
			return true
		}, ids.option())
	if err != nil {
		t.Fatal(err)
	}
	ids.check(t, "ListUsers", 3)
	if pages != 3 || strings.Join(names, ",") != "carol,dave,erin" {
		t.Errorf("ListUsersPages: %d pages of %v, want 3 pages of carol,dave,erin", pages, names)
	}

	if _, err := client.DeleteUserWithContext(ctx, &iam.DeleteUserInput{UserName: aws.String("erin")},
		ids.option()); err != nil {
		t.Fatal(err)
	}
	ids.check(t, "DeleteUser", 1)
	_, err = client.DeleteUser(&iam.DeleteUserInput{UserName: aws.String("erin")})
	wantError(t, "DeleteUser twice", err, iam.ErrCodeNoSuchEntityException, 404)
}

func TestSigningCertificates(t *testing.T) {
	ctx := context.Background()
	client := newClient(t, harness.Start(t))
	var ids requestIDs
	if _, err := client.CreateUser(&iam.CreateUserInput{UserName: aws.String("alice")}); err != nil {
		t.Fatal(err)
	}

	var certificateIDs []string
	for i := 0; i < 2; i++ {
		body := harness.Certificate(t)
		uploaded, err := client.UploadSigningCertificateWithContext(ctx, &iam.UploadSigningCertificateInput{
			UserName: aws.String("alice"), CertificateBody: aws.String(body)}, ids.option())
		if err != nil {
			t.Fatal(err)
		}
		ids.check(t, "UploadSigningCertificate", 1)
		certificate := uploaded.Certificate
		if aws.StringValue(certificate.UserName) != "alice" ||
			aws.StringValue(certificate.Status) != iam.StatusTypeActive ||
			len(aws.StringValue(certificate.CertificateId)) != 32 ||
			strings.TrimSpace(aws.StringValue(certificate.CertificateBody)) != strings.TrimSpace(body) {
			t.Errorf("UploadSigningCertificate: %v", certificate)
		}
		uploadDate := aws.TimeValue(certificate.UploadDate)
		harness.CheckRecent(t, "UploadDate", uploadDate)
		if !uploadDate.Equal(uploadDate.Truncate(time.Second)) {
			t.Errorf("UploadDate %v has a fraction of a second", uploadDate)
		}
		certificateIDs = append(certificateIDs, aws.StringValue(certificate.CertificateId))
		if i == 0 {
			// Alice's own certificate again: her certificate, nothing added. The root's copy: refused.
			again, err := client.UploadSigningCertificate(&iam.UploadSigningCertificateInput{
				UserName: aws.String("alice"), CertificateBody: aws.String(body)})
			if err != nil || aws.StringValue(again.Certificate.CertificateId) != aws.StringValue(certificate.CertificateId) {
				t.Errorf("UploadSigningCertificate again: %v, %v", again, err)
			}
			_, err = client.UploadSigningCertificate(&iam.UploadSigningCertificateInput{
				CertificateBody: aws.String(body)})
			wantError(t, "UploadSigningCertificate by another", err, iam.ErrCodeDuplicateCertificateException, 409)
		}
	}

	_, err := client.UploadSigningCertificate(&iam.UploadSigningCertificateInput{
		UserName: aws.String("alice"), CertificateBody: aws.String(harness.Certificate(t))})
	wantError(t, "third UploadSigningCertificate", err, iam.ErrCodeLimitExceededException, 409)
	_, err = client.UploadSigningCertificate(&iam.UploadSigningCertificateInput{
		UserName: aws.String("alice"), CertificateBody: aws.String(harness.MalformedCertificate)})
	wantError(t, "UploadSigningCertificate malformed", err, iam.ErrCodeMalformedCertificateException, 400)

	if _, err := client.UpdateSigningCertificateWithContext(ctx, &iam.UpdateSigningCertificateInput{
		UserName: aws.String("alice"), CertificateId: aws.String(certificateIDs[0]),
		Status: aws.String(iam.StatusTypeInactive)}, ids.option()); err != nil {
		t.Fatal(err)
	}
	ids.check(t, "UpdateSigningCertificate", 1)
	_, err = client.UpdateSigningCertificate(&iam.UpdateSigningCertificateInput{
		UserName: aws.String("alice"), CertificateId: aws.String(certificateIDs[0]),
		Status: aws.String("Retired")})
	wantError(t, "UpdateSigningCertificate Retired", err, "ValidationError", 400)

	var listed []*iam.SigningCertificate
	pages := 0
	err = client.ListSigningCertificatesPagesWithContext(ctx, &iam.ListSigningCertificatesInput{
		UserName: aws.String("alice"), MaxItems: aws.Int64(1)},
		func(page *iam.ListSigningCertificatesOutput, last bool) bool {
			pages++
			listed = append(listed, page.Certificates...)
			return true
		}, ids.option())
	if err != nil {
		t.Fatal(err)
	}
	ids.check(t, "ListSigningCertificates", 2)
	if pages != 2 || len(listed) != 2 ||
		aws.StringValue(listed[0].CertificateId) != certificateIDs[0] ||
		aws.StringValue(listed[1].CertificateId) != certificateIDs[1] ||
		aws.StringValue(listed[0].Status) != iam.StatusTypeInactive ||
		aws.StringValue(listed[1].Status) != iam.StatusTypeActive {
		t.Errorf("ListSigningCertificatesPages: %d pages of %v", pages, listed)
	}
	for _, certificate := range listed {
		harness.CheckRecent(t, "listed UploadDate", aws.TimeValue(certificate.UploadDate))
	}

	_, err = client.DeleteUser(&iam.DeleteUserInput{UserName: aws.String("alice")})
	wantError(t, "DeleteUser with certificates", err, iam.ErrCodeDeleteConflictException, 409)

	for _, id := range certificateIDs {
		if _, err := client.DeleteSigningCertificateWithContext(ctx, &iam.DeleteSigningCertificateInput{
			UserName: aws.String("alice"), CertificateId: aws.String(id)}, ids.option()); err != nil {
			t.Fatal(err)
		}
	}
	ids.check(t, "DeleteSigningCertificate", 2)
	_, err = client.DeleteSigningCertificate(&iam.DeleteSigningCertificateInput{
		UserName: aws.String("alice"), CertificateId: aws.String(certificateIDs[0])})
	wantError(t, "DeleteSigningCertificate twice", err, iam.ErrCodeNoSuchEntityException, 404)

	empty, err := client.ListSigningCertificates(&iam.ListSigningCertificatesInput{UserName: aws.String("alice")})
	if err != nil {
		t.Fatal(err)
	}
	if len(empty.Certificates) != 0 || aws.BoolValue(empty.IsTruncated) {
		t.Errorf("ListSigningCertificates after deletes: %v", empty)
	}
	if _, err := client.DeleteUser(&iam.DeleteUserInput{UserName: aws.String("alice")}); err != nil {
		t.Fatal(err)
	}
}

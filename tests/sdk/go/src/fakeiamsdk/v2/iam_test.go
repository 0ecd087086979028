// Conformance of fake_iam_server with the AWS SDK for Go v2 (service/iam): every operation the
// fake serves, the paginators, modelled errors with their HTTP status, dates and request ids.
package v2

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"fakeiamsdk/harness"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
)

// bodyBufferingClient sends each request with its body read into memory first. smithy-go 1.13
// (Debian's, with SDK 1.17) hands net/http a body whose WriteTo returns io.EOF once the SDK has
// closed it, which the SDK does as soon as the response arrives. A server on loopback can answer
// before net/http has finished with the body: net/http then takes that io.EOF for a write error
// and closes the connection under the response the SDK is reading ("failed to decode response
// body, ... use of closed network connection"), in about one call in a hundred. Later smithy-go
// releases return no error there. A plain in-memory body avoids the race.
type bodyBufferingClient struct{ *http.Client }

func (c bodyBufferingClient) Do(request *http.Request) (*http.Response, error) {
	if request.Body != nil && request.Body != http.NoBody {
		body, err := io.ReadAll(request.Body)
		request.Body.Close()
		if err != nil {
			return nil, err
		}
		request.Body = io.NopCloser(bytes.NewReader(body))
	}
	return c.Client.Do(request)
}

// newClient points an IAM client at the server. Its idle connections are closed when the test
// ends, before the server is stopped.
func newClient(t *testing.T, s *harness.Server) *iam.Client {
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	// docs/server.md quotes this call.
	client := iam.New(iam.Options{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider(s.KeyID, s.SecretKey, ""),
		EndpointResolver: iam.EndpointResolverFromURL(s.Endpoint), // e.g. http://127.0.0.1:40123
	}, func(o *iam.Options) {
		o.RetryMaxAttempts = 1
		o.HTTPClient = bodyBufferingClient{&http.Client{Transport: transport}}
	})
	return client
}

// requestID checks the request id the SDK reports for a successful call.
func requestID(t *testing.T, what string, metadata middleware.Metadata) {
	t.Helper()
	id, _ := awsmiddleware.GetRequestIDMetadata(metadata)
	harness.CheckRequestID(t, what, id)
}

// wantError checks that err is IAM's error code with this HTTP status and a request id, and
// returns it for a check of its modelled type.
func wantError(t *testing.T, what string, err error, code string, status int) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: succeeded, want %s", what, code)
	}
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != code {
		t.Errorf("%s: error %v, want code %s", what, err, code)
	}
	var response *awshttp.ResponseError
	if !errors.As(err, &response) {
		t.Fatalf("%s: %T carries no HTTP response", what, err)
	}
	if response.HTTPStatusCode() != status {
		t.Errorf("%s: HTTP status %d, want %d", what, response.HTTPStatusCode(), status)
	}
	harness.CheckRequestID(t, what, response.ServiceRequestID())
}

var userArn = regexp.MustCompile(`^arn:aws:iam::\d{12}:user/sdk/carol$`)

func TestUsers(t *testing.T) {
	ctx := context.Background()
	client := newClient(t, harness.Start(t))

	created, err := client.CreateUser(ctx, &iam.CreateUserInput{
		UserName: aws.String("carol"), Path: aws.String("/sdk/")})
	if err != nil {
		t.Fatal(err)
	}
	requestID(t, "CreateUser", created.ResultMetadata)
	user := created.User
	if aws.ToString(user.UserName) != "carol" || aws.ToString(user.Path) != "/sdk/" ||
		!strings.HasPrefix(aws.ToString(user.UserId), "AIDA") ||
		!userArn.MatchString(aws.ToString(user.Arn)) {
		t.Errorf("CreateUser: %+v", *user)
	}
	harness.CheckRecent(t, "CreateDate", aws.ToTime(user.CreateDate))

	got, err := client.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("CAROL")})
	if err != nil {
		t.Fatal(err)
	}
	requestID(t, "GetUser", got.ResultMetadata)
	if aws.ToString(got.User.UserId) != aws.ToString(user.UserId) ||
		!aws.ToTime(got.User.CreateDate).Equal(aws.ToTime(user.CreateDate)) {
		t.Errorf("GetUser: %+v, want %+v", *got.User, *user)
	}

	_, err = client.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("nobody")})
	wantError(t, "GetUser nobody", err, "NoSuchEntity", 404)
	var noSuchEntity *types.NoSuchEntityException
	if !errors.As(err, &noSuchEntity) || !strings.Contains(noSuchEntity.ErrorMessage(), "nobody") {
		t.Errorf("GetUser nobody: %v is not a NoSuchEntityException naming the user", err)
	}

	_, err = client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("carol")})
	wantError(t, "CreateUser again", err, "EntityAlreadyExists", 409)
	var exists *types.EntityAlreadyExistsException
	if !errors.As(err, &exists) {
		t.Errorf("CreateUser again: %T, want EntityAlreadyExistsException", err)
	}

	_, err = client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("no spaces")})
	wantError(t, "CreateUser invalid name", err, "ValidationError", 400)

	for _, name := range []string{"dave", "erin"} {
		if _, err := client.CreateUser(ctx, &iam.CreateUserInput{
			UserName: aws.String(name), Path: aws.String("/sdk/")}); err != nil {
			t.Fatal(err)
		}
	}
	pages := 0
	var names []string
	paginator := iam.NewListUsersPaginator(client, &iam.ListUsersInput{
		PathPrefix: aws.String("/sdk/"), MaxItems: aws.Int32(1)})
	for paginator.HasMorePages() {
		page, err := paginator.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		requestID(t, "ListUsers", page.ResultMetadata)
		pages++
		for _, u := range page.Users {
			names = append(names, aws.ToString(u.UserName))
			harness.CheckRecent(t, "ListUsers CreateDate", aws.ToTime(u.CreateDate))
		}
		if page.IsTruncated != (page.Marker != nil) {
			t.Errorf("ListUsers: IsTruncated %v with Marker %v", page.IsTruncated, page.Marker)
		}
	}
	if pages != 3 || strings.Join(names, ",") != "carol,dave,erin" {
		t.Errorf("ListUsers paginator: %d pages of %v, want 3 pages of carol,dave,erin", pages, names)
	}

	deleted, err := client.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("erin")})
	if err != nil {
		t.Fatal(err)
	}
	requestID(t, "DeleteUser", deleted.ResultMetadata)
	_, err = client.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("erin")})
	wantError(t, "DeleteUser twice", err, "NoSuchEntity", 404)
}

func TestSigningCertificates(t *testing.T) {
	ctx := context.Background()
	client := newClient(t, harness.Start(t))
	if _, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("alice")}); err != nil {
		t.Fatal(err)
	}

	var ids []string
	for i := 0; i < 2; i++ {
		body := harness.Certificate(t)
		uploaded, err := client.UploadSigningCertificate(ctx, &iam.UploadSigningCertificateInput{
			UserName: aws.String("alice"), CertificateBody: aws.String(body)})
		if err != nil {
			t.Fatal(err)
		}
		requestID(t, "UploadSigningCertificate", uploaded.ResultMetadata)
		certificate := uploaded.Certificate
		if aws.ToString(certificate.UserName) != "alice" || certificate.Status != types.StatusTypeActive ||
			len(aws.ToString(certificate.CertificateId)) != 32 ||
			strings.TrimSpace(aws.ToString(certificate.CertificateBody)) != strings.TrimSpace(body) {
			t.Errorf("UploadSigningCertificate: %+v", *certificate)
		}
		harness.CheckRecent(t, "UploadDate", aws.ToTime(certificate.UploadDate))
		if !aws.ToTime(certificate.UploadDate).Equal(aws.ToTime(certificate.UploadDate).Truncate(time.Second)) {
			t.Errorf("UploadDate %v has a fraction of a second", certificate.UploadDate)
		}
		ids = append(ids, aws.ToString(certificate.CertificateId))

		if i == 0 {
			// Alice's own certificate again: her certificate, nothing added. The root's copy: refused.
			again, err := client.UploadSigningCertificate(ctx, &iam.UploadSigningCertificateInput{
				UserName: aws.String("alice"), CertificateBody: aws.String(body)})
			if err != nil || aws.ToString(again.Certificate.CertificateId) != aws.ToString(certificate.CertificateId) {
				t.Errorf("UploadSigningCertificate again: %+v, %v", again, err)
			}
			_, err = client.UploadSigningCertificate(ctx, &iam.UploadSigningCertificateInput{
				CertificateBody: aws.String(body)})
			wantError(t, "UploadSigningCertificate by another", err, "DuplicateCertificate", 409)
			var duplicate *types.DuplicateCertificateException
			if !errors.As(err, &duplicate) {
				t.Errorf("UploadSigningCertificate by another: %T, want DuplicateCertificateException", err)
			}
		}
	}

	_, err := client.UploadSigningCertificate(ctx, &iam.UploadSigningCertificateInput{
		UserName: aws.String("alice"), CertificateBody: aws.String(harness.Certificate(t))})
	wantError(t, "third UploadSigningCertificate", err, "LimitExceeded", 409)
	var limit *types.LimitExceededException
	if !errors.As(err, &limit) {
		t.Errorf("third UploadSigningCertificate: %T, want LimitExceededException", err)
	}

	_, err = client.UploadSigningCertificate(ctx, &iam.UploadSigningCertificateInput{
		UserName: aws.String("alice"), CertificateBody: aws.String(harness.MalformedCertificate)})
	wantError(t, "UploadSigningCertificate malformed", err, "MalformedCertificate", 400)
	var malformed *types.MalformedCertificateException
	if !errors.As(err, &malformed) {
		t.Errorf("UploadSigningCertificate malformed: %T, want MalformedCertificateException", err)
	}

	updated, err := client.UpdateSigningCertificate(ctx, &iam.UpdateSigningCertificateInput{
		UserName: aws.String("alice"), CertificateId: aws.String(ids[0]), Status: types.StatusTypeInactive})
	if err != nil {
		t.Fatal(err)
	}
	requestID(t, "UpdateSigningCertificate", updated.ResultMetadata)
	_, err = client.UpdateSigningCertificate(ctx, &iam.UpdateSigningCertificateInput{
		UserName: aws.String("alice"), CertificateId: aws.String(ids[0]), Status: "Retired"})
	wantError(t, "UpdateSigningCertificate Retired", err, "ValidationError", 400)

	var listed []types.SigningCertificate
	pages := 0
	paginator := iam.NewListSigningCertificatesPaginator(client, &iam.ListSigningCertificatesInput{
		UserName: aws.String("alice"), MaxItems: aws.Int32(1)})
	for paginator.HasMorePages() {
		page, err := paginator.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		requestID(t, "ListSigningCertificates", page.ResultMetadata)
		pages++
		listed = append(listed, page.Certificates...)
	}
	if pages != 2 || len(listed) != 2 || aws.ToString(listed[0].CertificateId) != ids[0] ||
		aws.ToString(listed[1].CertificateId) != ids[1] || listed[0].Status != types.StatusTypeInactive ||
		listed[1].Status != types.StatusTypeActive {
		t.Errorf("ListSigningCertificates paginator: %d pages of %+v", pages, listed)
	}
	for _, certificate := range listed {
		harness.CheckRecent(t, "listed UploadDate", aws.ToTime(certificate.UploadDate))
	}

	_, err = client.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("alice")})
	wantError(t, "DeleteUser with certificates", err, "DeleteConflict", 409)
	var conflict *types.DeleteConflictException
	if !errors.As(err, &conflict) {
		t.Errorf("DeleteUser with certificates: %T, want DeleteConflictException", err)
	}

	for _, id := range ids {
		deleted, err := client.DeleteSigningCertificate(ctx, &iam.DeleteSigningCertificateInput{
			UserName: aws.String("alice"), CertificateId: aws.String(id)})
		if err != nil {
			t.Fatal(err)
		}
		requestID(t, "DeleteSigningCertificate", deleted.ResultMetadata)
	}
	_, err = client.DeleteSigningCertificate(ctx, &iam.DeleteSigningCertificateInput{
		UserName: aws.String("alice"), CertificateId: aws.String(ids[0])})
	wantError(t, "DeleteSigningCertificate twice", err, "NoSuchEntity", 404)

	empty, err := client.ListSigningCertificates(ctx, &iam.ListSigningCertificatesInput{UserName: aws.String("alice")})
	if err != nil {
		t.Fatal(err)
	}
	if len(empty.Certificates) != 0 || empty.IsTruncated {
		t.Errorf("ListSigningCertificates after deletes: %+v", empty)
	}
	if _, err := client.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("alice")}); err != nil {
		t.Fatal(err)
	}
}

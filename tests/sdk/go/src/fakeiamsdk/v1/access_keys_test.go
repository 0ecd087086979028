// Access keys with the AWS SDK for Go v1: create, sign with at once, last used, the
// ListAccessKeysPages paginator, update, delete, and their error codes.

package v1

import (
	"context"
	"regexp"
	"testing"
	"time"

	"fakeiamsdk/harness"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/credentials"
	"github.com/aws/aws-sdk-go/aws/request"
	"github.com/aws/aws-sdk-go/aws/session"
	"github.com/aws/aws-sdk-go/service/iam"
)

var accessKeyID = regexp.MustCompile(`^AKIA[A-Z2-7]{16}$`)

func TestAccessKeys(t *testing.T) {
	ctx := context.Background()
	client := newClient(t, harness.Start(t))
	var ids requestIDs
	if _, err := client.CreateUser(&iam.CreateUserInput{UserName: aws.String("kate")}); err != nil {
		t.Fatal(err)
	}

	var keys []*iam.AccessKey
	for i := 0; i < 2; i++ {
		created, err := client.CreateAccessKeyWithContext(ctx, &iam.CreateAccessKeyInput{
			UserName: aws.String("kate")}, ids.option())
		if err != nil {
			t.Fatal(err)
		}
		ids.check(t, "CreateAccessKey", 1)
		key := created.AccessKey
		if aws.StringValue(key.UserName) != "kate" ||
			!accessKeyID.MatchString(aws.StringValue(key.AccessKeyId)) ||
			len(aws.StringValue(key.SecretAccessKey)) != 40 ||
			aws.StringValue(key.Status) != iam.StatusTypeActive {
			t.Errorf("CreateAccessKey: %v", key)
		}
		createDate := aws.TimeValue(key.CreateDate)
		harness.CheckRecent(t, "CreateDate", createDate)
		if !createDate.Equal(createDate.Truncate(time.Second)) {
			t.Errorf("CreateDate %v has a fraction of a second", createDate)
		}
		keys = append(keys, key)
	}
	_, err := client.CreateAccessKey(&iam.CreateAccessKeyInput{UserName: aws.String("kate")})
	wantError(t, "third CreateAccessKey", err, iam.ErrCodeLimitExceededException, 409)

	// A new key signs at once; its use is recorded with the signature's region.
	kate := iam.New(session.Must(session.NewSession(client.Config.Copy(aws.NewConfig().
		WithRegion("eu-west-1").
		WithCredentials(credentials.NewStaticCredentials(
			aws.StringValue(keys[0].AccessKeyId), aws.StringValue(keys[0].SecretAccessKey), ""))))))
	me, err := kate.GetUser(&iam.GetUserInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.StringValue(me.User.UserName) != "kate" {
		t.Errorf("GetUser with kate's new key: %v", me.User)
	}
	lastUsed := func(key *iam.AccessKey, options ...request.Option) (*iam.GetAccessKeyLastUsedOutput, error) {
		return client.GetAccessKeyLastUsedWithContext(ctx, &iam.GetAccessKeyLastUsedInput{
			AccessKeyId: key.AccessKeyId}, options...)
	}
	used, err := lastUsed(keys[0], ids.option())
	if err != nil {
		t.Fatal(err)
	}
	ids.check(t, "GetAccessKeyLastUsed", 1)
	if aws.StringValue(used.UserName) != "kate" ||
		aws.StringValue(used.AccessKeyLastUsed.ServiceName) != "iam" ||
		aws.StringValue(used.AccessKeyLastUsed.Region) != "eu-west-1" {
		t.Errorf("GetAccessKeyLastUsed: %v", used)
	}
	harness.CheckRecent(t, "LastUsedDate", aws.TimeValue(used.AccessKeyLastUsed.LastUsedDate))
	unused, err := lastUsed(keys[1])
	if err != nil {
		t.Fatal(err)
	}
	if last := unused.AccessKeyLastUsed; aws.StringValue(last.ServiceName) != "N/A" ||
		aws.StringValue(last.Region) != "N/A" || last.LastUsedDate != nil {
		t.Errorf("GetAccessKeyLastUsed of a key never used: %v", last)
	}

	if _, err := client.UpdateAccessKeyWithContext(ctx, &iam.UpdateAccessKeyInput{
		UserName: aws.String("kate"), AccessKeyId: keys[1].AccessKeyId,
		Status: aws.String(iam.StatusTypeInactive)}, ids.option()); err != nil {
		t.Fatal(err)
	}
	ids.check(t, "UpdateAccessKey", 1)

	var listed []*iam.AccessKeyMetadata
	pages := 0
	err = client.ListAccessKeysPagesWithContext(ctx, &iam.ListAccessKeysInput{
		UserName: aws.String("kate"), MaxItems: aws.Int64(1)},
		func(page *iam.ListAccessKeysOutput, last bool) bool {
			pages++
			listed = append(listed, page.AccessKeyMetadata...)
			if last == aws.BoolValue(page.IsTruncated) {
				t.Errorf("ListAccessKeys page %d: last %v with IsTruncated %v", pages, last,
					aws.BoolValue(page.IsTruncated))
			}
			return true
		}, ids.option())
	if err != nil {
		t.Fatal(err)
	}
	ids.check(t, "ListAccessKeys", 2)
	if pages != 2 || len(listed) != 2 ||
		aws.StringValue(listed[0].AccessKeyId) != aws.StringValue(keys[0].AccessKeyId) ||
		aws.StringValue(listed[1].AccessKeyId) != aws.StringValue(keys[1].AccessKeyId) ||
		aws.StringValue(listed[0].Status) != iam.StatusTypeActive ||
		aws.StringValue(listed[1].Status) != iam.StatusTypeInactive {
		t.Errorf("ListAccessKeysPages: %d pages of %v", pages, listed)
	}
	for _, key := range listed {
		harness.CheckRecent(t, "listed CreateDate", aws.TimeValue(key.CreateDate))
	}

	_, err = client.DeleteUser(&iam.DeleteUserInput{UserName: aws.String("kate")})
	wantError(t, "DeleteUser with access keys", err, iam.ErrCodeDeleteConflictException, 409)
	for _, key := range keys {
		if _, err := client.DeleteAccessKeyWithContext(ctx, &iam.DeleteAccessKeyInput{
			UserName: aws.String("kate"), AccessKeyId: key.AccessKeyId}, ids.option()); err != nil {
			t.Fatal(err)
		}
	}
	ids.check(t, "DeleteAccessKey", 2)
	_, err = client.DeleteAccessKey(&iam.DeleteAccessKeyInput{
		UserName: aws.String("kate"), AccessKeyId: keys[0].AccessKeyId})
	wantError(t, "DeleteAccessKey twice", err, iam.ErrCodeNoSuchEntityException, 404)
	// IAM answers an unknown key's last use as access denied, a code the SDK has no constant for.
	_, err = lastUsed(keys[0])
	wantError(t, "GetAccessKeyLastUsed of a deleted key", err, "AccessDenied", 403)
	if _, err := client.DeleteUser(&iam.DeleteUserInput{UserName: aws.String("kate")}); err != nil {
		t.Fatal(err)
	}
}

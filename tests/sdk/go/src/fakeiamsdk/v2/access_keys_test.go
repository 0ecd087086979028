// Access keys with the AWS SDK for Go v2: create, sign with at once, last used, the
// ListAccessKeys paginator, update, delete, and their modelled errors.

package v2

import (
	"context"
	"errors"
	"regexp"
	"testing"
	"time"

	"fakeiamsdk/harness"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

var accessKeyID = regexp.MustCompile(`^AKIA[A-Z2-7]{16}$`)

func TestAccessKeys(t *testing.T) {
	ctx := context.Background()
	server := harness.Start(t)
	client := newClient(t, server)
	kateName := &iam.CreateUserInput{UserName: aws.String("kate")}
	if _, err := client.CreateUser(ctx, kateName); err != nil {
		t.Fatal(err)
	}

	var keys []types.AccessKey
	for i := 0; i < 2; i++ {
		created, err := client.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: kateName.UserName})
		if err != nil {
			t.Fatal(err)
		}
		requestID(t, "CreateAccessKey", created.ResultMetadata)
		key := created.AccessKey
		if aws.ToString(key.UserName) != "kate" ||
			!accessKeyID.MatchString(aws.ToString(key.AccessKeyId)) ||
			len(aws.ToString(key.SecretAccessKey)) != 40 || key.Status != types.StatusTypeActive {
			t.Errorf("CreateAccessKey: %+v", *key)
		}
		harness.CheckRecent(t, "CreateDate", aws.ToTime(key.CreateDate))
		if !aws.ToTime(key.CreateDate).Equal(aws.ToTime(key.CreateDate).Truncate(time.Second)) {
			t.Errorf("CreateDate %v has a fraction of a second", key.CreateDate)
		}
		keys = append(keys, *key)
	}
	_, err := client.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("kate")})
	wantError(t, "third CreateAccessKey", err, "LimitExceeded", 409)
	var limit *types.LimitExceededException
	if !errors.As(err, &limit) {
		t.Errorf("third CreateAccessKey: %T, want LimitExceededException", err)
	}

	// A new key signs at once; its use is recorded with the signature's region.
	kate := newClient(t, &harness.Server{Endpoint: server.Endpoint,
		KeyID: aws.ToString(keys[0].AccessKeyId), SecretKey: aws.ToString(keys[0].SecretAccessKey)})
	me, err := kate.GetUser(ctx, &iam.GetUserInput{}, func(o *iam.Options) { o.Region = "eu-west-1" })
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(me.User.UserName) != "kate" {
		t.Errorf("GetUser with kate's new key: %+v", *me.User)
	}
	lastUsed := func(key types.AccessKey) (*iam.GetAccessKeyLastUsedOutput, error) {
		return client.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: key.AccessKeyId})
	}
	used, err := lastUsed(keys[0])
	if err != nil {
		t.Fatal(err)
	}
	requestID(t, "GetAccessKeyLastUsed", used.ResultMetadata)
	if aws.ToString(used.UserName) != "kate" ||
		aws.ToString(used.AccessKeyLastUsed.ServiceName) != "iam" ||
		aws.ToString(used.AccessKeyLastUsed.Region) != "eu-west-1" {
		t.Errorf("GetAccessKeyLastUsed: %s %+v", aws.ToString(used.UserName), *used.AccessKeyLastUsed)
	}
	harness.CheckRecent(t, "LastUsedDate", aws.ToTime(used.AccessKeyLastUsed.LastUsedDate))
	unused, err := lastUsed(keys[1])
	if err != nil {
		t.Fatal(err)
	}
	if last := unused.AccessKeyLastUsed; aws.ToString(last.ServiceName) != "N/A" ||
		aws.ToString(last.Region) != "N/A" || last.LastUsedDate != nil {
		t.Errorf("GetAccessKeyLastUsed of a key never used: %+v", *last)
	}

	updated, err := client.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{
		UserName: aws.String("kate"), AccessKeyId: keys[1].AccessKeyId, Status: types.StatusTypeInactive})
	if err != nil {
		t.Fatal(err)
	}
	requestID(t, "UpdateAccessKey", updated.ResultMetadata)

	var listed []types.AccessKeyMetadata
	pages := 0
	paginator := iam.NewListAccessKeysPaginator(client, &iam.ListAccessKeysInput{
		UserName: aws.String("kate"), MaxItems: aws.Int32(1)})
	for paginator.HasMorePages() {
		page, err := paginator.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		requestID(t, "ListAccessKeys", page.ResultMetadata)
		pages++
		listed = append(listed, page.AccessKeyMetadata...)
		if page.IsTruncated != (page.Marker != nil) {
			t.Errorf("ListAccessKeys: IsTruncated %v with Marker %v", page.IsTruncated, page.Marker)
		}
	}
	if pages != 2 || len(listed) != 2 ||
		aws.ToString(listed[0].AccessKeyId) != aws.ToString(keys[0].AccessKeyId) ||
		aws.ToString(listed[1].AccessKeyId) != aws.ToString(keys[1].AccessKeyId) ||
		listed[0].Status != types.StatusTypeActive || listed[1].Status != types.StatusTypeInactive {
		t.Errorf("ListAccessKeys paginator: %d pages of %+v", pages, listed)
	}
	for _, key := range listed {
		harness.CheckRecent(t, "listed CreateDate", aws.ToTime(key.CreateDate))
	}

	_, err = client.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("kate")})
	wantError(t, "DeleteUser with access keys", err, "DeleteConflict", 409)
	for _, key := range keys {
		deleted, err := client.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{
			UserName: aws.String("kate"), AccessKeyId: key.AccessKeyId})
		if err != nil {
			t.Fatal(err)
		}
		requestID(t, "DeleteAccessKey", deleted.ResultMetadata)
	}
	_, err = client.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{
		UserName: aws.String("kate"), AccessKeyId: keys[0].AccessKeyId})
	wantError(t, "DeleteAccessKey twice", err, "NoSuchEntity", 404)
	var noSuchEntity *types.NoSuchEntityException
	if !errors.As(err, &noSuchEntity) {
		t.Errorf("DeleteAccessKey twice: %T, want NoSuchEntityException", err)
	}
	// IAM answers an unknown key's last use as access denied, an error the SDK does not model.
	_, err = lastUsed(keys[0])
	wantError(t, "GetAccessKeyLastUsed of a deleted key", err, "AccessDenied", 403)
	if _, err := client.DeleteUser(ctx, &iam.DeleteUserInput{UserName: kateName.UserName}); err != nil {
		t.Fatal(err)
	}
}

// The account-wide operations with the AWS SDK for Go v1: the credential report (generated,
// then read as CSV) and the account summary's map.

package v1

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"fakeiamsdk/harness"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/service/iam"
)

var rootRow = regexp.MustCompile(`^<root_account>,arn:aws:iam::\d{12}:root,`)

const startedDescription = "No report exists. Starting a new report generation task"

func TestCredentialReportAndAccountSummary(t *testing.T) {
	ctx := context.Background()
	client := newClient(t, harness.Start(t))
	var ids requestIDs

	_, err := client.GetCredentialReport(&iam.GetCredentialReportInput{})
	wantError(t, "GetCredentialReport before any", err,
		iam.ErrCodeCredentialReportNotPresentException, 410)

	started, err := client.GenerateCredentialReportWithContext(ctx,
		&iam.GenerateCredentialReportInput{}, ids.option())
	if err != nil {
		t.Fatal(err)
	}
	ids.check(t, "GenerateCredentialReport", 1)
	if aws.StringValue(started.State) != iam.ReportStateTypeStarted ||
		aws.StringValue(started.Description) != startedDescription {
		t.Errorf("first GenerateCredentialReport: %v", started)
	}
	complete, err := client.GenerateCredentialReport(&iam.GenerateCredentialReportInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.StringValue(complete.State) != iam.ReportStateTypeComplete || complete.Description != nil {
		t.Errorf("second GenerateCredentialReport: %v", complete)
	}

	report, err := client.GetCredentialReportWithContext(ctx, &iam.GetCredentialReportInput{},
		ids.option())
	if err != nil {
		t.Fatal(err)
	}
	ids.check(t, "GetCredentialReport", 1)
	// The SDK decodes the base64 on the wire into the CSV's bytes.
	lines := strings.Split(string(report.Content), "\n")
	if !strings.HasPrefix(lines[0], "user,arn,user_creation_time,password_enabled,") ||
		strings.Count(lines[0], ",") != 21 || len(lines) != 2 || !rootRow.MatchString(lines[1]) {
		t.Errorf("GetCredentialReport Content: %q", report.Content)
	}
	if aws.StringValue(report.ReportFormat) != iam.ReportFormatTypeTextCsv {
		t.Errorf("GetCredentialReport ReportFormat %v", report.ReportFormat)
	}
	harness.CheckRecent(t, "GeneratedTime", aws.TimeValue(report.GeneratedTime))

	summary, err := client.GetAccountSummaryWithContext(ctx, &iam.GetAccountSummaryInput{},
		ids.option())
	if err != nil {
		t.Fatal(err)
	}
	ids.check(t, "GetAccountSummary", 1)
	if m := summary.SummaryMap; len(m) != 34 || aws.Int64Value(m["Users"]) != 0 ||
		aws.Int64Value(m["AccessKeysPerUserQuota"]) != 2 ||
		aws.Int64Value(m["AccountAccessKeysPresent"]) != 1 {
		t.Errorf("GetAccountSummary: %v", summary)
	}
	if _, err := client.CreateUser(&iam.CreateUserInput{UserName: aws.String("laura")}); err != nil {
		t.Fatal(err)
	}
	summary, err = client.GetAccountSummary(&iam.GetAccountSummaryInput{})
	if err != nil {
		t.Fatal(err)
	}
	if users := aws.Int64Value(summary.SummaryMap["Users"]); users != 1 {
		t.Errorf("GetAccountSummary after CreateUser: Users %d, want 1", users)
	}
}

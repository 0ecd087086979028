// The account-wide operations with the AWS SDK for Go v2: the credential report (generated,
// then read as CSV) and the account summary's map.

package v2

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"fakeiamsdk/harness"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

var rootRow = regexp.MustCompile(`^<root_account>,arn:aws:iam::\d{12}:root,`)

func TestCredentialReportAndAccountSummary(t *testing.T) {
	ctx := context.Background()
	client := newClient(t, harness.Start(t))

	_, err := client.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
	wantError(t, "GetCredentialReport before any", err, "ReportNotPresent", 410)
	var notPresent *types.CredentialReportNotPresentException
	if !errors.As(err, &notPresent) {
		t.Errorf("GetCredentialReport before any: %T, want CredentialReportNotPresentException", err)
	}

	started, err := client.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
	if err != nil {
		t.Fatal(err)
	}
	requestID(t, "GenerateCredentialReport", started.ResultMetadata)
	if started.State != types.ReportStateTypeStarted ||
		aws.ToString(started.Description) != "No report exists. Starting a new report generation task" {
		t.Errorf("first GenerateCredentialReport: %s %q", started.State,
			aws.ToString(started.Description))
	}
	complete, err := client.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
	if err != nil {
		t.Fatal(err)
	}
	if complete.State != types.ReportStateTypeComplete || complete.Description != nil {
		t.Errorf("second GenerateCredentialReport: %s %v", complete.State, complete.Description)
	}

	report, err := client.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
	if err != nil {
		t.Fatal(err)
	}
	requestID(t, "GetCredentialReport", report.ResultMetadata)
	// The SDK decodes the base64 on the wire into the CSV's bytes.
	lines := strings.Split(string(report.Content), "\n")
	if !strings.HasPrefix(lines[0], "user,arn,user_creation_time,password_enabled,") ||
		strings.Count(lines[0], ",") != 21 || len(lines) != 2 || !rootRow.MatchString(lines[1]) {
		t.Errorf("GetCredentialReport Content: %q", report.Content)
	}
	if report.ReportFormat != types.ReportFormatTypeTextCsv {
		t.Errorf("GetCredentialReport ReportFormat %q", report.ReportFormat)
	}
	harness.CheckRecent(t, "GeneratedTime", aws.ToTime(report.GeneratedTime))

	summary, err := client.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
	if err != nil {
		t.Fatal(err)
	}
	requestID(t, "GetAccountSummary", summary.ResultMetadata)
	if len(summary.SummaryMap) != 34 || summary.SummaryMap["Users"] != 0 ||
		summary.SummaryMap["AccessKeysPerUserQuota"] != 2 ||
		summary.SummaryMap["AccountAccessKeysPresent"] != 1 {
		t.Errorf("GetAccountSummary: %v", summary.SummaryMap)
	}
	laura := &iam.CreateUserInput{UserName: aws.String("laura")}
	if _, err := client.CreateUser(ctx, laura); err != nil {
		t.Fatal(err)
	}
	summary, err = client.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
	if err != nil {
		t.Fatal(err)
	}
	if summary.SummaryMap["Users"] != 1 {
		t.Errorf("GetAccountSummary after CreateUser: Users %d, want 1", summary.SummaryMap["Users"])
	}
}

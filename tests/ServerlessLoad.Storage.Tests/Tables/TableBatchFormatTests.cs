namespace ServerlessLoad.Storage.Tests.Tables;

public sealed class TableBatchFormatTests
{
    [Fact]
    public void A_successful_response_yields_one_inner_response_per_operation_with_its_etag()
    {
        const string body =
            "--batchresponse_1\r\nContent-Type: multipart/mixed; boundary=changesetresponse_2\r\n\r\n"
            + "--changesetresponse_2\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
            + "HTTP/1.1 204 No Content\r\nContent-ID: 1\r\nETag: W/\"datetime'a'\"\r\n\r\n\r\n"
            + "--changesetresponse_2\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
            + "HTTP/1.1 204 No Content\r\nContent-ID: 2\r\n\r\n\r\n"
            + "--changesetresponse_2--\r\n--batchresponse_1--\r\n";

        var responses = TableBatchFormat.ParseResponses("multipart/mixed; boundary=batchresponse_1", body);

        responses.Select(r => r.Status).ShouldBe([204, 204]);
        responses[0].Headers["ETag"].ShouldBe("W/\"datetime'a'\"");
        responses[1].Headers.ContainsKey("ETag").ShouldBeFalse();
    }

    [Fact]
    public void A_failed_changeset_reports_the_index_from_the_error_message()
    {
        const string body =
            "--batchresponse_9\r\nContent-Type: multipart/mixed; boundary=changesetresponse_8\r\n\r\n"
            + "--changesetresponse_8\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
            + "HTTP/1.1 409 Conflict\r\nContent-Type: application/json;odata=minimalmetadata;charset=utf-8\r\n\r\n"
            + "{\"odata.error\":{\"code\":\"EntityAlreadyExists\",\"message\":{\"lang\":\"en-US\",\"value\":\"7:The specified entity already exists.\\nRequestId:x\"}}}\r\n"
            + "--changesetresponse_8--\r\n--batchresponse_9--\r\n";

        var failed = TableBatchFormat.ParseResponses("multipart/mixed; boundary=batchresponse_9", body).ShouldHaveSingleItem();
        var (code, message) = StorageErrors.ParseBody(BinaryData.FromString(failed.Body));

        failed.Status.ShouldBe(409);
        code.ShouldBe("EntityAlreadyExists");
        TableBatchFormat.FailedIndex(failed, message, operationCount: 10).ShouldBe(7);
    }

    [Fact]
    public void Without_an_index_prefix_the_content_id_names_the_operation()
    {
        var response = new TableBatchFormat.InnerResponse(412, new Dictionary<string, string> { ["Content-ID"] = "3" }, "");

        TableBatchFormat.FailedIndex(response, "Precondition failed", operationCount: 5).ShouldBe(2);
    }

    [Fact]
    public void The_request_body_holds_one_embedded_request_per_operation()
    {
        var body = TableBatchFormat.BuildBody("batch_a", "changeset_b", "http://127.0.0.1:1/acct/t",
        [
            new TableOperation(TableOperationKind.Insert, new TableEntity("p", "r1")),
            new TableOperation(TableOperationKind.UpdateMerge, new TableEntity("p", "r2"), "W/\"x\""),
            new TableOperation(TableOperationKind.Delete, new TableEntity("p", "O'Neil")),
        ]);

        body.ShouldContain("POST http://127.0.0.1:1/acct/t HTTP/1.1\r\n");
        body.ShouldContain("MERGE http://127.0.0.1:1/acct/t(PartitionKey=%27p%27,RowKey=%27r2%27) HTTP/1.1\r\n");
        body.ShouldContain("If-Match: W/\"x\"\r\n");
        body.ShouldContain("DELETE http://127.0.0.1:1/acct/t(PartitionKey=%27p%27,RowKey=%27O%27%27Neil%27) HTTP/1.1\r\nContent-ID: 3\r\n");
        body.ShouldContain("If-Match: *\r\n");
        body.ShouldEndWith("--changeset_b--\r\n--batch_a--\r\n");
    }
}

namespace ServerlessLoad.Storage.Tests.Auth;

public sealed class SharedKeySignerTests
{
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const string Date = "Fri, 01 Mar 2024 12:00:00 GMT";

    private static readonly SharedKeySigner.SignableRequest QueuePut = new(
        "PUT",
        "/devstoreaccount1/jobs/messages",
        "?visibilitytimeout=5&messagettl=-1",
        [
            new("Content-Type", "application/xml"),
            new("x-ms-version", "2021-12-02"),
            new("X-MS-Date", Date),
            new("x-ms-client-request-id", " abc "),
            new("User-Agent", "not signed"),
        ],
        ContentLength: 11);

    [Fact]
    public void Blob_and_queue_requests_sign_standard_headers_storage_headers_and_sorted_query()
    {
        var stringToSign = SharedKeySigner.BlobQueueStringToSign("devstoreaccount1", QueuePut);

        stringToSign.ShouldBe(
            "PUT\n\n\n11\n\napplication/xml\n\n\n\n\n\n\n"
            + "x-ms-client-request-id:abc\nx-ms-date:Fri, 01 Mar 2024 12:00:00 GMT\nx-ms-version:2021-12-02\n"
            + "/devstoreaccount1/devstoreaccount1/jobs/messages\nmessagettl:-1\nvisibilitytimeout:5");
    }

    [Fact]
    public void The_signature_matches_an_independently_computed_hmac()
    {
        // Computed with: printf '%s' "$STRING_TO_SIGN" | openssl dgst -sha256 -mac HMAC -macopt hexkey:<key> -binary | base64
        var stringToSign = SharedKeySigner.BlobQueueStringToSign("devstoreaccount1", QueuePut);

        SharedKeySigner.Sign(stringToSign, Convert.FromBase64String(DevelopmentKey))
            .ShouldBe("I/BtmFLl1x4axV3Klg/OI52dNfimFv71cpQYjcvtypA=");
    }

    [Fact]
    public void An_empty_body_signs_an_empty_content_length()
    {
        var request = QueuePut with { ContentLength = 0 };

        SharedKeySigner.BlobQueueStringToSign("devstoreaccount1", request).ShouldStartWith("PUT\n\n\n\n\napplication/xml\n");
    }

    [Fact]
    public void Table_requests_sign_only_verb_md5_content_type_date_and_resource()
    {
        var request = new SharedKeySigner.SignableRequest(
            "POST",
            "/devstoreaccount1/Tables",
            "",
            [new("Content-Type", "application/json"), new("x-ms-date", Date), new("x-ms-version", "2021-12-02"), new("Accept", "application/json")],
            ContentLength: 20);

        var stringToSign = SharedKeySigner.TableStringToSign("devstoreaccount1", request);

        stringToSign.ShouldBe("POST\n\napplication/json\nFri, 01 Mar 2024 12:00:00 GMT\n/devstoreaccount1/devstoreaccount1/Tables");
        SharedKeySigner.Sign(stringToSign, Convert.FromBase64String(DevelopmentKey))
            .ShouldBe("FVb6g903hqSmAjcf7EasrHKrRiauRySugJoT2SZe1cA=");
    }

    [Fact]
    public void Table_requests_keep_only_the_comp_query_parameter()
    {
        var request = new SharedKeySigner.SignableRequest(
            "GET", "/acct/t()", "?$filter=PartitionKey%20eq%20'a'&comp=acl", [new("x-ms-date", Date)], null);

        SharedKeySigner.TableStringToSign("acct", request).ShouldEndWith("/acct/acct/t()?comp=acl");
    }

    [Fact]
    public void Query_values_are_decoded_grouped_by_lowercase_name_and_sorted()
    {
        var request = QueuePut with { Query = "?Prefix=a%2Fb&comp=list&include=metadata&include=copy" };

        SharedKeySigner.BlobQueueStringToSign("acct", request)
            .ShouldEndWith("/acct/devstoreaccount1/jobs/messages\ncomp:list\ninclude:copy,metadata\nprefix:a/b");
    }

    [Fact]
    public void The_blob_sas_string_to_sign_follows_the_2020_12_06_layout()
    {
        var stringToSign = BlobSasBuilder.StringToSign(
            "acct", "reports", "r1/charts/a.png", "2024-03-01T11:55:00Z", "2024-03-01T13:00:00Z", "2021-12-02");

        stringToSign.ShouldBe("r\n2024-03-01T11:55:00Z\n2024-03-01T13:00:00Z\n/blob/acct/reports/r1/charts/a.png\n\n\n\n2021-12-02\nb\n\n\n\n\n\n\n");
    }
}

using Crowdsourcing.Abstractions.Tests.TestSupport;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Abstractions.Tests.Storage;

public sealed class PagingAndExceptionTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void PageRequest_refuses_a_limit_that_is_not_positive(int limit)
    {
        var message = $"PageRequest.Limit must be positive (value: {limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}).";
        var exception = Throws.OutOfRange(() => _ = new PageRequest("k", limit), message);
        Assert.Equal("Limit", exception.Path);
        Throws.OutOfRange(() => _ = PageRequest.First(limit), message);
    }

    [Fact]
    public void PageRequest_keeps_its_values()
    {
        var page = new PageRequest("task-9", 25);
        Assert.Equal("task-9", page.After);
        Assert.Equal(25, page.Limit);
        Assert.Equal(PageRequest.DefaultLimit, new PageRequest(null).Limit);
        Assert.Equal(1, new PageRequest(null, 1).Limit);
    }

    [Fact]
    public void Default_PageRequest_is_the_first_page_of_the_default_size()
    {
        PageRequest page = default;
        Assert.Null(page.After);
        Assert.Equal(1000, page.Limit);
    }

    [Fact]
    public void PageRequest_All_and_First()
    {
        Assert.Null(PageRequest.All.After);
        Assert.Equal(int.MaxValue, PageRequest.All.Limit);
        Assert.Equal(new PageRequest(null, 10), PageRequest.First(10));
    }

    [Fact]
    public void ConcurrencyConflictException_names_record_versions_author_and_time()
    {
        var at = new DateTimeOffset(2026, 3, 4, 10, 30, 0, TimeSpan.FromHours(1));
        var exception = new ConcurrencyConflictException("Assignment", "asg-acme", 4, 6, "reviewer-1", at);
        Assert.Equal("Assignment 'asg-acme' was changed by 'reviewer-1' at 2026-03-04T10:30:00.0000000+01:00: the write expected version 4 but version 6 is stored. Nothing was written; reload and try again.", exception.Message);
        Assert.Equal("Assignment", exception.RecordType);
        Assert.Equal("asg-acme", exception.RecordId);
        Assert.Equal(4, exception.ExpectedVersion);
        Assert.Equal(6, exception.ActualVersion);
        Assert.Equal("reviewer-1", exception.ModifiedBy);
        Assert.Equal(at, exception.ModifiedAt);
    }

    [Fact]
    public void ConcurrencyConflictException_without_author_or_time()
    {
        var exception = new ConcurrencyConflictException("Response", "r-1", 1, 2);
        Assert.Equal("Response 'r-1' was changed: the write expected version 1 but version 2 is stored. Nothing was written; reload and try again.", exception.Message);
        Assert.Null(exception.ModifiedBy);
        Assert.Null(exception.ModifiedAt);
        Assert.Contains("at 2026", new ConcurrencyConflictException("Response", "r-1", 1, 2, modifiedAt: Samples.Start).Message, StringComparison.Ordinal);
        Assert.Contains("by 'x':", new ConcurrencyConflictException("Response", "r-1", 1, 2, modifiedBy: "x").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateRecordException_names_the_record()
    {
        var exception = new DuplicateRecordException("CrowdTask", "task-1");
        Assert.Equal("CrowdTask 'task-1' already exists with different content; an insert with an existing id is only accepted as a retry of the same content.", exception.Message);
        Assert.Equal("CrowdTask", exception.RecordType);
        Assert.Equal("task-1", exception.RecordId);
    }

    [Fact]
    public void RecordNotFoundException_names_the_record()
    {
        var exception = new NotFoundException("Participant", "expert-404");
        Assert.Equal("Participant 'expert-404' does not exist.", exception.Message);
        Assert.Equal("Participant", exception.RecordType);
        Assert.Equal("expert-404", exception.RecordId);
    }

    [Fact]
    public void InsertOutcome_keeps_record_and_flag()
    {
        var task = Samples.Task();
        var outcome = new InsertOutcome<Crowdsourcing.Tasks.CrowdTask>(task, Inserted: false);
        Assert.Same(task, outcome.Record);
        Assert.False(outcome.Inserted);
    }
}

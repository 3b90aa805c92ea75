using Crowdsourcing.Quality;

namespace Crowdsourcing.Abstractions.Tests.Quality;

public sealed class ReadinessScaleTests
{
    [Fact]
    public void CrowdArbPaper_has_poor_fair_and_good_from_lowest_to_highest()
    {
        var scale = ReadinessScale.CrowdArbPaper;
        Assert.Equal(["poor", "fair", "good"], scale.Levels.Select(l => l.Name));
        Assert.Empty(scale.Levels[0].Criteria);
    }

    [Fact]
    public void CrowdArbPaper_fair_needs_four_workload_sections_and_one_datacenter_section()
    {
        var fair = ReadinessScale.CrowdArbPaper.Levels[1].Criteria.Cast<MinimumCompletedSectionsRule>().ToArray();
        Assert.Equal(
            [new MinimumCompletedSectionsRule("fair-workloads", "workload", 4), new MinimumCompletedSectionsRule("fair-datacenters", "datacenter", 1)],
            fair);
    }

    [Fact]
    public void CrowdArbPaper_good_needs_five_workload_sections_and_two_datacenter_sections()
    {
        var good = ReadinessScale.CrowdArbPaper.Levels[2].Criteria.Cast<MinimumCompletedSectionsRule>().ToArray();
        Assert.Equal(
            [new MinimumCompletedSectionsRule("good-workloads", "workload", 5), new MinimumCompletedSectionsRule("good-datacenters", "datacenter", 2)],
            good);
    }

    [Fact]
    public void CrowdArbPaper_criteria_only_tighten_from_level_to_level()
    {
        var levels = ReadinessScale.CrowdArbPaper.Levels;
        foreach (var group in new[] { "workload", "datacenter" })
        {
            var minimums = levels.Skip(1).Select(l => l.Criteria.OfType<MinimumCompletedSectionsRule>().Single(r => r.SectionGroup == group).Minimum).ToArray();
            Assert.True(minimums.Zip(minimums.Skip(1)).All(p => p.First < p.Second), $"{group}: {string.Join(", ", minimums)}");
        }
    }

    [Fact]
    public void CrowdArbPaper_is_one_shared_instance()
    {
        Assert.Same(ReadinessScale.CrowdArbPaper, ReadinessScale.CrowdArbPaper);
    }
}

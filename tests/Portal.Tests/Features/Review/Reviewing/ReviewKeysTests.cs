using EndoKED.Portal.Features.Review.Reviewing;
using EndoKED.Shared.Records;

namespace EndoKED.Portal.Tests.Features.Review.Reviewing;

public class ReviewKeysTests
{
    [Theory]
    [InlineData("a", ReviewCommand.Accept)]
    [InlineData("R", ReviewCommand.Reject)]
    [InlineData("c", ReviewCommand.Correct)]
    [InlineData("s", ReviewCommand.Skip)]
    [InlineData("n", ReviewCommand.Next)]
    [InlineData("e", ReviewCommand.EditMask)]
    [InlineData("Enter", ReviewCommand.Submit)]
    [InlineData("u", ReviewCommand.Undo)]
    [InlineData("Escape", ReviewCommand.Cancel)]
    public void Each_review_action_has_its_key(string key, ReviewCommand command) =>
        Assert.Equal(command, ReviewKeys.Map(key, typing: false, modifier: false)?.Command);

    [Fact]
    public void The_digits_pick_the_reasons_in_taxonomy_order()
    {
        Assert.Equal(ReviewReason.Agree, ReviewKeys.Map("1", false, false)?.Reason);
        Assert.Equal(ReviewReason.WrongBoundary, ReviewKeys.Map("5", false, false)?.Reason);
        Assert.Equal(ReviewReason.Other, ReviewKeys.Map("9", false, false)?.Reason);
        Assert.Null(ReviewKeys.Map("0", false, false));
    }

    [Fact]
    public void While_typing_a_reason_only_escape_is_a_shortcut()
    {
        Assert.Null(ReviewKeys.Map("a", typing: true, modifier: false));
        Assert.Null(ReviewKeys.Map("Enter", typing: true, modifier: false));
        Assert.Equal(ReviewCommand.Cancel, ReviewKeys.Map("Escape", typing: true, modifier: false)?.Command);
        Assert.Null(ReviewKeys.Map("c", typing: false, modifier: true)); // Ctrl+C copies
    }
}

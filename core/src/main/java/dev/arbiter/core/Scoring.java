package dev.arbiter.core;

/** The safety net around {@link Reward#score}: maps every way a reward can fail to a status with a reason. */
public final class Scoring {
    private Scoring() {
    }

    /** Scores {@code sample}; never throws. */
    public static RewardResult guarded(Reward reward, Sample sample, Deadline deadline) {
        try {
            deadline.check();
            RewardResult result = reward.score(sample, deadline);
            if (result == null) {
                return RewardResult.error(reward.signature().type() + " returned no result");
            }
            return result;
        } catch (DeadlineExceededException e) {
            return RewardResult.timeout(e.getMessage());
        } catch (InvalidInputException e) {
            return RewardResult.invalidInput(e.getMessage());
        } catch (StackOverflowError e) {
            return RewardResult.invalidInput("input nests too deeply to score (stack overflow)");
        } catch (OutOfMemoryError e) {
            return RewardResult.error("out of memory while scoring this sample");
        } catch (RuntimeException e) {
            String msg = e.getMessage();
            return RewardResult.error(e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg));
        }
    }
}

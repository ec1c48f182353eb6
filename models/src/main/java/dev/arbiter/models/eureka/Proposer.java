package dev.arbiter.models.eureka;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Ticker;
import dev.arbiter.models.Judge;
import dev.arbiter.models.judge.PromptTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Asks an LLM for K reward specs (Eureka's sampling step). The conversation is Eureka's: a system and a user message
 * from the prompt (the offered reward types and the task), then, from the second iteration on, the previous
 * iteration's best answer as the assistant turn and its reflection as a user turn. Each candidate is one request
 * with {@code n = 1} and seed {@code seed + i}, so the same inputs ask the same questions (and a seed-honouring
 * server gives the same answers) whatever K is; the requests run in parallel, the results keep their order.
 */
public final class Proposer {
    /** The built-in prompt's name. */
    public static final String BUILT_IN = "eureka_propose";
    static final Set<String> SLOTS = Set.of("reward_types", "task");

    /**
     * How to sample.
     *
     * @param k           candidates to ask for
     * @param temperature sampling temperature (Eureka's default: 1.0)
     * @param maxTokens   generation limit per answer
     * @param seed        the first candidate's seed; candidate i gets {@code seed + i}
     * @param timeout     the budget of one candidate's call, retries included
     */
    public record Sampling(int k, double temperature, int maxTokens, long seed, Duration timeout) {
        public Sampling {
            if (k < 1) {
                throw new IllegalArgumentException("k (" + k + ") must be at least 1");
            }
            if (maxTokens < 1) {
                throw new IllegalArgumentException("max tokens (" + maxTokens + ") must be at least 1");
            }
            if (!(temperature >= 0)) {
                throw new IllegalArgumentException("temperature (" + temperature + ") must not be negative");
            }
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
        }
    }

    /** The messages sent and the candidates obtained, in index order. */
    public record Proposal(List<Judge.Message> messages, List<Candidate> candidates) {
        public Proposal {
            messages = List.copyOf(messages);
            candidates = List.copyOf(candidates);
        }

        public long answered() {
            return candidates.stream().filter(c -> !c.answer().isEmpty()).count();
        }

        public long valid() {
            return candidates.stream().filter(Candidate::valid).count();
        }
    }

    private final Judge llm;
    private final PromptTemplate prompt;
    private final RewardVocabulary vocabulary;
    private final CandidateValidator validator;

    public Proposer(Judge llm, PromptTemplate prompt, RewardVocabulary vocabulary, CandidateValidator validator) {
        this.llm = llm;
        this.prompt = prompt;
        this.vocabulary = vocabulary;
        this.validator = validator;
    }

    /** The built-in prompt, or a prompt file with the slots {@code {{reward_types}}} and {@code {{task}}}. */
    public static PromptTemplate prompt(String nameOrPath) {
        return PromptTemplate.load(nameOrPath == null ? BUILT_IN : nameOrPath, SLOTS);
    }

    /** The conversation for one iteration. */
    public List<Judge.Message> messages(String task, Reflection reflection) {
        if (task == null || task.isBlank()) {
            throw new IllegalArgumentException("the task description is empty");
        }
        Map<String, String> slots = Map.of("reward_types", vocabulary.render(), "task", task.strip());
        List<Judge.Message> msgs = new ArrayList<>();
        String sys = prompt.renderSystem(slots);
        if (sys != null) {
            msgs.add(Judge.Message.of("system", sys));
        }
        String user = prompt.renderUser(slots);
        if (reflection != null && reflection.assistant() == null) {
            msgs.add(Judge.Message.of("user", user + "\n\n" + reflection.feedback()));
            return msgs;
        }
        msgs.add(Judge.Message.of("user", user));
        if (reflection != null) {
            msgs.add(Judge.Message.of("assistant", reflection.assistant()));
            msgs.add(Judge.Message.of("user", reflection.feedback()));
        }
        return msgs;
    }

    /** Asks for {@code sampling.k()} candidates and validates each; a failed call is a failed candidate. */
    public Proposal propose(String task, Reflection reflection, Sampling sampling) throws InterruptedException {
        List<Judge.Message> msgs = messages(task, reflection);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(sampling.k(), 16), r -> {
            Thread t = new Thread(r, "arbiter-eureka-propose");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Candidate>> futures = new ArrayList<>();
            for (int i = 0; i < sampling.k(); i++) {
                int index = i;
                futures.add(pool.submit(() -> one(index, msgs, sampling)));
            }
            List<Candidate> out = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    out.add(Candidate.noAnswer(i, String.valueOf(e.getCause())));
                }
            }
            return new Proposal(msgs, out);
        } finally {
            pool.shutdownNow();
        }
    }

    private Candidate one(int index, List<Judge.Message> msgs, Sampling s) {
        Judge.Reply reply;
        try {
            Judge.Request req = new Judge.Request(msgs, s.temperature(), s.maxTokens(), 1, 0, s.seed() + index);
            reply = llm.complete(req, Deadline.after(s.timeout(), Ticker.system()));
        } catch (RuntimeException e) {
            return Candidate.noAnswer(index, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        if (reply.completions().isEmpty() || reply.first().text().isBlank()) {
            return Candidate.noAnswer(index, "the answer is empty");
        }
        return validator.validate(index, reply.first().text());
    }
}

package dev.arbiter.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.group.GroupTransformFactory;
import dev.arbiter.core.group.GroupTransformRegistry;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.RewardFactory;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.TypeInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code arbiter rewards}: every reward type of this build with its parameters, defaults and description. */
@Command(name = "rewards", mixinStandardHelpOptions = true,
        description = "List every reward type with its parameters, defaults and a one-line description.")
final class RewardsCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Parameters(arity = "0..1", paramLabel = "TYPE", description = "Show only this type.")
    String only;

    private final RewardRegistry registry;
    private final PrintStream out;

    RewardsCommand(RewardRegistry registry, PrintStream out) {
        this.registry = registry;
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        List<RewardFactory> factories = only == null ? List.copyOf(registry.factories()) : List.of(registry.factory(only));
        if (json) {
            ArrayNode arr = JsonRowCodec.MAPPER.createArrayNode();
            List<TypeInfo> types = new java.util.ArrayList<>(factories);
            if (only == null) {
                types.addAll(GroupTransformRegistry.fromServiceLoader().factories());
            }
            for (TypeInfo f : types) {
                ObjectNode o = arr.addObject();
                o.put("kind", f instanceof RewardFactory ? "reward" : "group_transform");
                o.put("type", f.name());
                o.put("version", f.version());
                o.put("family", f.family());
                o.put("description", f.description());
                o.put("source", f.source());
                ArrayNode ps = o.putArray("parameters");
                for (Param p : f.parameters()) {
                    ObjectNode po = ps.addObject();
                    po.put("name", p.name());
                    po.put("type", p.typeLabel());
                    po.put("required", p.required());
                    Object d = p.defaultValue();
                    po.set("default", JsonRowCodec.MAPPER.valueToTree(d instanceof java.time.Duration dur ? dur.toMillis() + "ms" : d));
                    po.put("description", p.description());
                }
            }
            out.println(JsonRowCodec.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(arr));
            return ExitCodes.OK;
        }
        for (RewardFactory f : factories) {
            printType(f);
        }
        if (only == null) {
            out.println();
            out.println("Group transforms (the spec's root key 'group'):");
            for (GroupTransformFactory g : GroupTransformRegistry.fromServiceLoader().factories()) {
                printType(g);
            }
        }
        return ExitCodes.OK;
    }

    private void printType(TypeInfo t) {
        out.println(t.name() + " (v" + t.version() + ", " + t.family() + ")  " + t.description());
        if (!t.source().isEmpty()) {
            out.println("    source: " + t.source());
        }
        for (Param p : t.parameters()) {
            Object d = p.defaultValue();
            String shown = d == null ? "none" : d instanceof java.time.Duration dur ? dur.toMillis() + "ms" : d.toString();
            String dflt = p.required() ? "required" : "default " + shown;
            out.println("    " + p.name() + " : " + p.typeLabel() + " (" + dflt + ")  " + p.description());
        }
    }
}

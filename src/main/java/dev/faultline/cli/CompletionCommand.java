package dev.faultline.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code faultline completion bash|zsh}: the shell completion script picocli generates from the commands themselves. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a shell completion script for faultline's commands and options.",
        footerHeading = "%nExamples:%n",
        footer = {"  source <(faultline completion bash)                      # this shell",
                "  faultline completion bash > /etc/bash_completion.d/faultline",
                "  echo 'source <(faultline completion zsh)' >> ~/.zshrc      # zsh (bashcompinit is loaded by the script)"})
final class CompletionCommand implements Callable<Integer> {

    enum Shell { bash, zsh }

    @Parameters(paramLabel = "SHELL", description = "bash or zsh (the script works in both).")
    Shell shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // picocli's script serves zsh too: it loads zsh's bashcompinit itself
        spec.commandLine().getOut().print(AutoComplete.bash("faultline", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}

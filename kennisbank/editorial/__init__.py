"""Editorial services around the content: readability in the editor, publish policy, catalogue reports."""

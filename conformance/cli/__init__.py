"""The command-line shell: thin click commands that wire services together and print results."""

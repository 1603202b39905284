// placeholder: tests arrive with issue 3

// placeholder: implemented with issue 4
